package io.cumulo.storage.auth;

import io.cumulo.core.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The parts of AWS Signature Version 4 that signing and verifying share: key derivation, hashing and
 * the canonical encodings. Follows the public SigV4 specification, with S3's rule that the path is
 * signed as sent (not encoded twice).
 */
final class SigV4Signing {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  static final String SERVICE = "s3";
  static final String TERMINATOR = "aws4_request";
  static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
  static final String STREAMING_SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
  static final String STREAMING_SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
  static final String STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
  /** Hex SHA-256 of no bytes. */
  static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  /** {@code yyyyMMdd'T'HHmmss'Z'}, the form of {@code x-amz-date}. */
  static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private static final HexFormat HEX = HexFormat.of();
  /** Signing keys change once a day per key and region; a few hundred cover every active client. */
  private static final int MAX_CACHED_KEYS = 256;

  private static final Map<KeyScope, byte[]> SIGNING_KEYS =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<KeyScope, byte[]> eldest) {
          return size() > MAX_CACHED_KEYS;
        }
      };

  private record KeyScope(String secret, String date, String region) {}

  private SigV4Signing() {}

  /** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), "s3"), "aws4_request"), cached. */
  static byte[] signingKey(String secret, String date, String region) {
    KeyScope scope = new KeyScope(secret, date, region);
    synchronized (SIGNING_KEYS) {
      byte[] cached = SIGNING_KEYS.get(scope);
      if (cached != null) {
        return cached;
      }
    }
    byte[] kDate = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    byte[] kRegion = hmac(kDate, region);
    byte[] kService = hmac(kRegion, SERVICE);
    byte[] kSigning = hmac(kService, TERMINATOR);
    synchronized (SIGNING_KEYS) {
      SIGNING_KEYS.put(scope, kSigning);
    }
    return kSigning;
  }

  /** {@code date/region/s3/aws4_request}. */
  static String scope(String date, String region) {
    return date + "/" + region + "/" + SERVICE + "/" + TERMINATOR;
  }

  static String stringToSign(String amzDate, String scope, String canonicalRequest) {
    return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
  }

  /** Lower-case hex HMAC-SHA256 of the string to sign. */
  static String signature(byte[] signingKey, String stringToSign) {
    return HEX.formatHex(hmac(signingKey, stringToSign));
  }

  static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  static String sha256Hex(byte[] data) {
    return HEX.formatHex(sha256().digest(data));
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /** S3's answer to a signature that does not verify; the message is S3's own. */
  static StorageException signatureDoesNotMatch() {
    return new StorageException(403, "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
  }

  /** Compares two signatures in time that does not depend on where they differ. */
  static boolean signaturesEqual(String expected, String provided) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), provided.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Percent-encodes UTF-8 bytes of {@code s}, leaving only the unreserved set {@code A-Z a-z 0-9 - .
   * _ ~} (and {@code /} when {@code keepSlash}), with upper-case hex, as SigV4 requires.
   */
  static String uriEncode(String s, boolean keepSlash) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (isUnreserved(c) || (keepSlash && c == '/')) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
  }

  /**
   * Decodes {@code %XX} escapes into UTF-8 text. A {@code +} stays a plus (SigV4 query strings are
   * RFC 3986, not HTML forms); a malformed escape stays as written, so it is re-encoded as sent.
   */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    byte[] out = new byte[s.length() * 3];
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()
          && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0) {
        out[n++] = (byte) ((Character.digit(s.charAt(i + 1), 16) << 4) | Character.digit(s.charAt(i + 2), 16));
        i += 2;
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
          utf8 = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        System.arraycopy(utf8, 0, out, n, utf8.length);
        n += utf8.length;
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  /**
   * The canonical query string: each parameter decoded then re-encoded with the unreserved set,
   * sorted by name then value, a missing value written as {@code name=}. Parameters named {@code
   * skip} (the signature of a presigned URL) are left out.
   */
  static String canonicalQuery(String rawQuery, String skip) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> params = new ArrayList<>();
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = percentDecode(eq < 0 ? part : part.substring(0, eq));
      String value = eq < 0 ? "" : percentDecode(part.substring(eq + 1));
      if (name.equals(skip)) {
        continue;
      }
      params.add(new String[] {uriEncode(name, false), uriEncode(value, false)});
    }
    params.sort((a, b) -> {
      int byName = a[0].compareTo(b[0]);
      return byName != 0 ? byName : a[1].compareTo(b[1]);
    });
    StringBuilder out = new StringBuilder(rawQuery.length() + 16);
    for (String[] p : params) {
      if (!out.isEmpty()) {
        out.append('&');
      }
      out.append(p[0]).append('=').append(p[1]);
    }
    return out.toString();
  }

  /** A header value as signed: trimmed, runs of spaces collapsed to one; several values joined by commas. */
  static String canonicalHeaderValue(List<String> values) {
    StringBuilder out = new StringBuilder();
    for (String value : values) {
      if (!out.isEmpty()) {
        out.append(',');
      }
      String trimmed = value.strip();
      boolean space = false;
      for (int i = 0; i < trimmed.length(); i++) {
        char c = trimmed.charAt(i);
        if (c == ' ' || c == '\t') {
          if (!space) {
            out.append(' ');
          }
          space = true;
        } else {
          out.append(c);
          space = false;
        }
      }
    }
    return out.toString();
  }
}
