package io.cumulo.storage.fs;

import io.cumulo.core.storage.StorageException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/** The MD5 (for the ETag) and the requested S3 checksums of bytes, computed as they stream by. */
final class Digests {
  static final Set<String> ALGORITHMS = Set.of("CRC32", "CRC32C", "SHA1", "SHA256");

  private final MessageDigest md5 = messageDigest("MD5");
  private final Map<String, Hasher> checksums = new TreeMap<>();

  /** @param algorithms names from {@link #ALGORITHMS}, as {@link #algorithmsOf} returns them */
  Digests(Set<String> algorithms) {
    for (String algorithm : algorithms) {
      checksums.put(algorithm, hasher(algorithm));
    }
  }

  /** The algorithms a client asked for, upper-cased; {@code InvalidArgument} for unknown ones. */
  static Set<String> algorithmsOf(Map<String, String> expected) {
    Set<String> names = new java.util.TreeSet<>();
    for (String name : expected.keySet()) {
      String upper = name.toUpperCase(Locale.ROOT);
      if (!ALGORITHMS.contains(upper)) {
        throw StorageException.invalidArgument("Unsupported checksum algorithm " + name + "; supported: CRC32, CRC32C, SHA1, SHA256");
      }
      names.add(upper);
    }
    return names;
  }

  /** Decodes a Content-MD5 header, or null when absent; {@code InvalidDigest} when it is not 16 bytes of base64. */
  static byte[] decodeContentMd5(String contentMd5) {
    if (contentMd5 == null) {
      return null;
    }
    try {
      byte[] md5 = Base64.getDecoder().decode(contentMd5.strip());
      if (md5.length == 16) {
        return md5;
      }
    } catch (IllegalArgumentException notBase64) {
      // answered below
    }
    throw new StorageException(400, "InvalidDigest", "The Content-MD5 you specified was invalid.");
  }

  void update(byte[] bytes, int offset, int length) {
    md5.update(bytes, offset, length);
    for (Hasher hasher : checksums.values()) {
      hasher.update(bytes, offset, length);
    }
  }

  /** Finishes the digests: call once, after the last update. */
  Result finish() {
    Map<String, String> values = new TreeMap<>();
    checksums.forEach((name, hasher) -> values.put(name, Base64.getEncoder().encodeToString(hasher.digest())));
    return new Result(md5.digest(), values);
  }

  /** @param md5 the binary MD5; @param checksums base64 by algorithm */
  record Result(byte[] md5, Map<String, String> checksums) {
    String etag() {
      return '"' + HexFormat.of().formatHex(md5) + '"';
    }

    /** Fails with {@code BadDigest} unless the bytes match what the client said they would. */
    void verify(byte[] expectedMd5, Map<String, String> expected) {
      if (expectedMd5 != null && !MessageDigest.isEqual(expectedMd5, md5)) {
        throw StorageException.badDigest("The Content-MD5 you specified did not match what we received.");
      }
      expected.forEach((name, value) -> {
        if (value.isBlank()) {
          return; // computed and stored only: the client sends it as a trailer, which the S3 front verifies
        }
        String algorithm = name.toUpperCase(Locale.ROOT);
        if (!value.strip().equals(checksums.get(algorithm))) {
          throw StorageException.badDigest(
              "Value for x-amz-checksum-" + algorithm.toLowerCase(Locale.ROOT) + " header is invalid.");
        }
      });
    }
  }

  private interface Hasher {
    void update(byte[] bytes, int offset, int length);

    byte[] digest();
  }

  private static Hasher hasher(String algorithm) {
    return switch (algorithm) {
      case "CRC32" -> crc(new CRC32());
      case "CRC32C" -> crc(new CRC32C());
      case "SHA1" -> sha(messageDigest("SHA-1"));
      case "SHA256" -> sha(messageDigest("SHA-256"));
      default -> throw new IllegalArgumentException(algorithm);
    };
  }

  /** S3 sends CRCs as the 4 big-endian bytes of the 32-bit value. */
  private static Hasher crc(Checksum crc) {
    return new Hasher() {
      @Override
      public void update(byte[] bytes, int offset, int length) {
        crc.update(bytes, offset, length);
      }

      @Override
      public byte[] digest() {
        int value = (int) crc.getValue();
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
      }
    };
  }

  private static Hasher sha(MessageDigest digest) {
    return new Hasher() {
      @Override
      public void update(byte[] bytes, int offset, int length) {
        digest.update(bytes, offset, length);
      }

      @Override
      public byte[] digest() {
        return digest.digest();
      }
    };
  }

  static MessageDigest messageDigest(String name) {
    try {
      return MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has " + name, e);
    }
  }
}
