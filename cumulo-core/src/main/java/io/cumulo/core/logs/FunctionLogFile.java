package io.cumulo.core.logs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One function's log file ({@code fn.log}) and its rotated predecessors ({@code fn.log.1} the
 * newest, up to {@code fn.log.N} the oldest), plus the listeners following it. Writes are whole
 * lines under a lock, so lines from concurrent appenders never interleave; they go to a buffer that
 * is flushed by the caller's flusher, on rotation, before a read, and on close.
 */
final class FunctionLogFile {

  /** Room for two maximal (16 KiB) messages, so a burst of lines costs few writes. */
  private static final int BUFFER_BYTES = 32 * 1024;

  private final Path path;
  private final long maxFileBytes;
  private final int rotatedFiles;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<Consumer<LogLine>> listeners = new CopyOnWriteArrayList<>();
  /**
   * Shared by all files of the logs and set before they are closed. Checked under the lock, so a
   * write either completes before this file is closed or fails; and a file created concurrently
   * with closing is either seen and closed, or refuses its first write.
   */
  private final AtomicBoolean logsClosed;

  private OutputStream out;
  private long size;

  FunctionLogFile(Path path, long maxFileBytes, int rotatedFiles, AtomicBoolean logsClosed) {
    this.path = path;
    this.maxFileBytes = maxFileBytes;
    this.rotatedFiles = rotatedFiles;
    this.logsClosed = logsClosed;
  }

  List<Consumer<LogLine>> listeners() {
    return listeners;
  }

  /** Appends one encoded line (ending in a newline), first rotating if the file would overflow. */
  void write(byte[] line) throws IOException {
    lock.lock();
    try {
      if (logsClosed.get()) {
        throw new IllegalStateException("function logs are closed");
      }
      if (out == null) {
        Files.createDirectories(path.getParent());
        size = Files.exists(path) ? Files.size(path) : 0;
        out = open();
      }
      if (size > 0 && size + line.length > maxFileBytes) {
        rotate();
      }
      out.write(line);
      size += line.length;
    } finally {
      lock.unlock();
    }
  }

  private OutputStream open() throws IOException {
    return new BufferedOutputStream(
        Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
        BUFFER_BYTES);
  }

  private void rotate() throws IOException {
    out.close();
    out = null;
    Files.deleteIfExists(rotated(rotatedFiles));
    for (int i = rotatedFiles - 1; i >= 1; i--) {
      if (Files.exists(rotated(i))) {
        Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (rotatedFiles > 0) {
      Files.move(path, rotated(1), StandardCopyOption.REPLACE_EXISTING);
    }
    out = open();
    size = 0;
  }

  private Path rotated(int generation) {
    return path.resolveSibling(path.getFileName() + "." + generation);
  }

  void flush() throws IOException {
    lock.lock();
    try {
      if (out != null) {
        out.flush();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Flushes, then opens every existing file of the stream, oldest first. The caller reads them
   * without the lock: an open file stays readable when a later rotation renames or deletes it, so
   * the snapshot is consistent however long reading takes.
   */
  List<InputStream> openForReading() throws IOException {
    lock.lock();
    try {
      if (out != null) {
        out.flush();
      }
      List<InputStream> streams = new ArrayList<>();
      try {
        for (int i = rotatedFiles; i >= 1; i--) {
          if (Files.exists(rotated(i))) {
            streams.add(Files.newInputStream(rotated(i)));
          }
        }
        if (Files.exists(path)) {
          streams.add(Files.newInputStream(path));
        }
      } catch (IOException e) {
        for (InputStream in : streams) {
          in.close();
        }
        throw e;
      }
      return streams;
    } finally {
      lock.unlock();
    }
  }

  /** Flushes and closes the file; called once the logs are closed, so later writes fail. */
  void close() throws IOException {
    lock.lock();
    try {
      if (out != null) {
        OutputStream closing = out;
        out = null;
        closing.close();
      }
    } finally {
      lock.unlock();
    }
  }
}
