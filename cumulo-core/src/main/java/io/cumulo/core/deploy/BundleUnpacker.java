package io.cumulo.core.deploy;

import io.cumulo.core.CumuloException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Unpacks an app bundle (a zip with {@code cumulo.yaml} at its root) into a directory, refusing
 * entries that would land outside it and bounding what a hostile archive can make us write. Every
 * file is fsynced, since the bundle is what a restart deploys from.
 */
final class BundleUnpacker {
  /** The most bytes a bundle may unpack to. */
  static final long MAX_UNPACKED_BYTES = 512L << 20;
  /** The most entries a bundle may hold. */
  static final int MAX_ENTRIES = 20_000;

  private BundleUnpacker() {}

  static void unpack(byte[] zip, Path target) {
    long total = 0;
    int entries = 0;
    byte[] buffer = new byte[64 * 1024];
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        if (++entries > MAX_ENTRIES) {
          throw invalid("the bundle has more than " + MAX_ENTRIES + " entries");
        }
        Path file = resolve(target, entry.getName());
        if (entry.isDirectory()) {
          Files.createDirectories(file);
          continue;
        }
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
          int read;
          while ((read = in.read(buffer)) > 0) {
            total += read;
            if (total > MAX_UNPACKED_BYTES) {
              throw invalid("the bundle unpacks to more than " + (MAX_UNPACKED_BYTES >> 20) + " MiB");
            }
            out.write(buffer, 0, read);
          }
        }
        force(file);
      }
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw invalid("the bundle holds " + target.relativize(Path.of(e.getFile())) + " twice");
    } catch (ZipException e) {
      throw invalid("the bundle is not a valid zip archive: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (entries == 0) {
      throw invalid("the bundle is empty or not a zip archive");
    }
  }

  private static Path resolve(Path root, String name) {
    if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains("\0")) {
      throw invalid("the bundle entry '" + name + "' is not a relative path");
    }
    Path file = root.resolve(name).normalize();
    if (!file.startsWith(root) || file.equals(root)) {
      throw invalid("the bundle entry '" + name + "' points outside the bundle");
    }
    return file;
  }

  /** Flushes a file, or a directory's entries, to the disk. */
  static void force(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static CumuloException invalid(String message) {
    return CumuloException.badRequest("InvalidBundle", message);
  }
}
