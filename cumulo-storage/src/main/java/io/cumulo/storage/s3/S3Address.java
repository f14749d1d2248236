package io.cumulo.storage.s3;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The bucket and key a request addresses, from its path (path style, {@code /bucket/key}) or its
 * Host header (virtual-host style, {@code bucket.<baseDomain>}).
 *
 * @param bucket the bucket, or null for the service
 * @param key the decoded key, or null for a bucket request (never empty)
 */
record S3Address(String bucket, String key) {

  /**
   * @param rawPath the percent-encoded request path
   * @param host the Host header (may carry a port), or null
   * @param baseDomain the domain under which buckets are virtual hosts, lower case
   */
  static S3Address resolve(String rawPath, String host, String baseDomain) {
    String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
    String virtualBucket = virtualHostBucket(host, baseDomain);
    if (virtualBucket != null) {
      return new S3Address(virtualBucket, path.isEmpty() ? null : percentDecode(path));
    }
    if (path.isEmpty()) {
      return new S3Address(null, null);
    }
    int slash = path.indexOf('/');
    if (slash < 0) {
      return new S3Address(percentDecode(path), null);
    }
    String key = path.substring(slash + 1);
    return new S3Address(percentDecode(path.substring(0, slash)), key.isEmpty() ? null : percentDecode(key));
  }

  private static String virtualHostBucket(String host, String baseDomain) {
    if (host == null) {
      return null;
    }
    String name = host.trim().toLowerCase(Locale.ROOT);
    if (name.startsWith("[")) {
      return null;
    }
    int colon = name.lastIndexOf(':');
    if (colon >= 0) {
      name = name.substring(0, colon);
    }
    String suffix = "." + baseDomain;
    if (name.length() > suffix.length() && name.endsWith(suffix)) {
      return name.substring(0, name.length() - suffix.length());
    }
    return null;
  }

  /** Decodes %XX sequences as UTF-8; unlike form decoding, '+' stays '+'. */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw S3Errors.invalidArgument("the path is not validly percent-encoded");
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw S3Errors.invalidArgument("the path is not validly percent-encoded");
        }
        bytes.write(hi << 4 | lo);
        i += 2;
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
          utf8 = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        bytes.writeBytes(utf8);
      }
    }
    try {
      // Strict: a lenient decode would turn every invalid sequence into U+FFFD, so distinct raw
      // names would silently address one object.
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw S3Errors.invalidArgument("the path is not valid UTF-8 once percent-decoded");
    }
  }

  /** Encodes a value as S3 does for {@code encoding-type=url}: everything but unreserved characters and '/'. */
  static String urlEncode(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
