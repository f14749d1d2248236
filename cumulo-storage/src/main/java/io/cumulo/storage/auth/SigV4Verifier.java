package io.cumulo.storage.auth;

import io.cumulo.core.storage.StorageException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks AWS Signature Version 4 on S3 requests, signed in the {@code Authorization} header or in
 * the query (presigned URLs), the way S3 does: the path is signed as sent, any region is accepted
 * (the signature binds the one the client chose), the service must be {@code s3}.
 *
 * <p>Errors are {@link StorageException}s with S3's codes: 400 {@code AuthorizationHeaderMalformed}
 * or {@code AuthorizationQueryParametersError} for unreadable credentials, 403 {@code
 * InvalidAccessKeyId}, {@code SignatureDoesNotMatch}, {@code RequestTimeTooSkewed} and {@code
 * AccessDenied} (no signature, or an expired presigned URL).
 *
 * <p>Thread-safe.
 */
public final class SigV4Verifier {
  /** How far a request's time may be from ours; S3's own limit. */
  static final Duration MAX_SKEW = Duration.ofMinutes(15);
  /** The longest a presigned URL may be valid, in seconds (7 days, as S3). */
  static final long MAX_PRESIGN_SECONDS = 604_800;

  private static final String CREDENTIAL = "Credential";
  private static final String SIGNED_HEADERS = "SignedHeaders";
  private static final String SIGNATURE = "Signature";
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern HEX64_ANY_CASE = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern DATE_STAMP = Pattern.compile("\\d{8}");
  private static final Pattern AMZ_DATE = Pattern.compile("\\d{8}T\\d{6}Z");
  private static final Pattern SIGNED_HEADER_NAME = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]+");

  private final CredentialStore credentials;
  private final InstantSource clock;

  /**
   * @param credentials where keys are looked up by access key id
   * @param clock the time requests are checked against (skew, presigned expiry)
   */
  public SigV4Verifier(CredentialStore credentials, InstantSource clock) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Verifies the request's signature.
   *
   * @return who signed it and how to read its body
   * @throws StorageException with S3's status and code when the request is not validly signed
   */
  public Authenticated authenticate(S3Request request) {
    Objects.requireNonNull(request, "request");
    String authorization = request.header("authorization");
    Map<String, String> query = queryParameters(request.rawQuery());
    boolean presigned = query.containsKey("X-Amz-Algorithm") || query.containsKey("X-Amz-Signature");
    if (authorization != null && presigned) {
      throw StorageException.invalidArgument("Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified");
    }
    if (authorization != null) {
      return authenticateHeader(request, authorization);
    }
    if (presigned) {
      return authenticateQuery(request, query);
    }
    if (query.containsKey("Signature") && query.containsKey("AWSAccessKeyId")) {
      throw unsupportedMechanism();
    }
    throw new StorageException(403, "AccessDenied", "Anonymous access is not allowed; sign requests with AWS Signature Version 4.");
  }

  private Authenticated authenticateHeader(S3Request request, String authorization) {
    String header = authorization.strip();
    if (header.startsWith("AWS ")) {
      throw unsupportedMechanism();
    }
    if (!header.startsWith(SigV4Signing.ALGORITHM + " ")) {
      throw headerMalformed("the Authorization header must start with " + SigV4Signing.ALGORITHM);
    }
    Map<String, String> parts = new HashMap<>();
    for (String part : header.substring(SigV4Signing.ALGORITHM.length() + 1).split(",")) {
      String component = part.strip();
      int eq = component.indexOf('=');
      if (eq <= 0) {
        throw headerMalformed("'" + abbreviate(component) + "' is not a name=value component");
      }
      String name = component.substring(0, eq);
      if (!(name.equals(CREDENTIAL) || name.equals(SIGNED_HEADERS) || name.equals(SIGNATURE))) {
        throw headerMalformed("unknown component '" + abbreviate(name) + "'; expected Credential, SignedHeaders and Signature");
      }
      if (parts.put(name, component.substring(eq + 1)) != null) {
        throw headerMalformed("component " + name + " appears twice");
      }
    }
    for (String required : List.of(CREDENTIAL, SIGNED_HEADERS, SIGNATURE)) {
      if (!parts.containsKey(required)) {
        throw headerMalformed("the Authorization header has no " + required);
      }
    }
    Credential credential = Credential.parse(parts.get(CREDENTIAL), SigV4Verifier::headerMalformed);
    List<String> signedHeaders = parseSignedHeaders(parts.get(SIGNED_HEADERS), SigV4Verifier::headerMalformed);
    String signature = parts.get(SIGNATURE);
    if (!HEX64.matcher(signature).matches()) {
      throw headerMalformed("Signature must be 64 lower-case hexadecimal digits");
    }

    String payloadHash = request.header("x-amz-content-sha256");
    if (payloadHash == null) {
      throw new StorageException(400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
    }
    Authenticated.PayloadMode mode = payloadMode(payloadHash);

    String amzDate = requestDate(request);
    checkSkew(amzDate);
    if (!amzDate.startsWith(credential.date())) {
      throw headerMalformed("the credential date " + credential.date() + " is not the date of x-amz-date " + amzDate);
    }
    AccessKey key = findKey(credential.accessKeyId());
    byte[] signingKey = SigV4Signing.signingKey(key.secretKey(), credential.date(), credential.region());
    String scope = SigV4Signing.scope(credential.date(), credential.region());
    String canonicalRequest = canonicalRequest(request, SigV4Signing.canonicalQuery(request.rawQuery(), null),
        signedHeaders, parts.get(SIGNED_HEADERS), payloadHash);
    verify(signingKey, amzDate, scope, canonicalRequest, signature);

    long decodedLength = -1;
    List<String> trailers = List.of();
    ChunkSignatureChain chain = null;
    if (mode != Authenticated.PayloadMode.SHA256 && mode != Authenticated.PayloadMode.UNSIGNED) {
      decodedLength = decodedContentLength(request);
      trailers = trailerNames(request, mode);
      if (mode != Authenticated.PayloadMode.STREAMING_UNSIGNED_TRAILER) {
        chain = new ChunkSignatureChain(signingKey, amzDate, scope, signature);
      }
    }
    return new Authenticated(key, mode, payloadHash.toLowerCase(Locale.ROOT), chain, trailers, decodedLength);
  }

  private Authenticated authenticateQuery(S3Request request, Map<String, String> query) {
    for (String required : List.of("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
        "X-Amz-SignedHeaders", "X-Amz-Signature")) {
      if (!query.containsKey(required)) {
        throw queryMalformed("the presigned URL has no " + required + " parameter");
      }
    }
    if (!query.get("X-Amz-Algorithm").equals(SigV4Signing.ALGORITHM)) {
      throw queryMalformed("X-Amz-Algorithm must be " + SigV4Signing.ALGORITHM);
    }
    Credential credential = Credential.parse(query.get("X-Amz-Credential"), SigV4Verifier::queryMalformed);
    String signedHeadersText = query.get("X-Amz-SignedHeaders");
    List<String> signedHeaders = parseSignedHeaders(signedHeadersText, SigV4Verifier::queryMalformed);
    String signature = query.get("X-Amz-Signature");
    if (!HEX64.matcher(signature).matches()) {
      throw queryMalformed("X-Amz-Signature must be 64 lower-case hexadecimal digits");
    }
    String amzDate = query.get("X-Amz-Date");
    if (!AMZ_DATE.matcher(amzDate).matches()) {
      throw queryMalformed("X-Amz-Date must be an ISO 8601 basic time such as 20130524T000000Z");
    }
    if (!amzDate.startsWith(credential.date())) {
      throw queryMalformed("the credential date " + credential.date() + " is not the date of X-Amz-Date " + amzDate);
    }
    long expires;
    try {
      expires = Long.parseLong(query.get("X-Amz-Expires"));
    } catch (NumberFormatException e) {
      throw queryMalformed("X-Amz-Expires must be a whole number of seconds");
    }
    if (expires < 1 || expires > MAX_PRESIGN_SECONDS) {
      throw queryMalformed("X-Amz-Expires must be between 1 and " + MAX_PRESIGN_SECONDS + " seconds (7 days)");
    }
    Instant signedAt = parseAmzDate(amzDate);
    Instant now = clock.instant();
    if (now.isBefore(signedAt.minus(MAX_SKEW))) {
      throw new StorageException(403, "AccessDenied", "Request is not valid yet");
    }
    if (now.isAfter(signedAt.plusSeconds(expires))) {
      throw new StorageException(403, "AccessDenied", "Request has expired");
    }

    String payloadHash = query.getOrDefault("X-Amz-Content-Sha256", SigV4Signing.UNSIGNED_PAYLOAD);
    Authenticated.PayloadMode mode = payloadMode(payloadHash);
    if (mode != Authenticated.PayloadMode.SHA256 && mode != Authenticated.PayloadMode.UNSIGNED) {
      throw queryMalformed("a presigned URL cannot carry an aws-chunked body");
    }
    AccessKey key = findKey(credential.accessKeyId());
    byte[] signingKey = SigV4Signing.signingKey(key.secretKey(), credential.date(), credential.region());
    String scope = SigV4Signing.scope(credential.date(), credential.region());
    String canonicalRequest = canonicalRequest(request, SigV4Signing.canonicalQuery(request.rawQuery(), "X-Amz-Signature"),
        signedHeaders, signedHeadersText, payloadHash);
    verify(signingKey, amzDate, scope, canonicalRequest, signature);
    return new Authenticated(key, mode, payloadHash.toLowerCase(Locale.ROOT), null, List.of(), -1);
  }

  private static String canonicalRequest(S3Request request, String canonicalQuery, List<String> signedHeaders,
      String signedHeadersText, String payloadHash) {
    StringBuilder out = new StringBuilder(512);
    out.append(request.method()).append('\n');
    out.append(request.rawPath().isEmpty() ? "/" : request.rawPath()).append('\n');
    out.append(canonicalQuery).append('\n');
    for (String name : signedHeaders) {
      List<String> values = request.headers().get(name);
      out.append(name).append(':').append(values == null ? "" : SigV4Signing.canonicalHeaderValue(values)).append('\n');
    }
    out.append('\n').append(signedHeadersText).append('\n').append(payloadHash);
    return out.toString();
  }

  private static void verify(byte[] signingKey, String amzDate, String scope, String canonicalRequest, String provided) {
    String expected = SigV4Signing.signature(signingKey, SigV4Signing.stringToSign(amzDate, scope, canonicalRequest));
    if (!SigV4Signing.signaturesEqual(expected, provided)) {
      throw SigV4Signing.signatureDoesNotMatch();
    }
  }

  private AccessKey findKey(String accessKeyId) {
    return credentials.find(accessKeyId).orElseThrow(() -> new StorageException(403, "InvalidAccessKeyId",
        "The AWS Access Key Id you provided does not exist in our records."));
  }

  /** The request time in {@code x-amz-date} form, from {@code x-amz-date} or else {@code Date}. */
  private static String requestDate(S3Request request) {
    String amzDate = request.header("x-amz-date");
    if (amzDate != null) {
      if (!AMZ_DATE.matcher(amzDate.strip()).matches()) {
        throw new StorageException(403, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header; x-amz-date must look like 20130524T000000Z");
      }
      return amzDate.strip();
    }
    String date = request.header("date");
    if (date != null) {
      try {
        return SigV4Signing.AMZ_DATE.format(ZonedDateTime.parse(date.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
      } catch (DateTimeParseException e) {
        throw new StorageException(403, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header; Date must be an RFC 1123 date");
      }
    }
    throw new StorageException(403, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header");
  }

  private void checkSkew(String amzDate) {
    Instant signedAt = parseAmzDate(amzDate);
    if (Duration.between(signedAt, clock.instant()).abs().compareTo(MAX_SKEW) > 0) {
      throw new StorageException(403, "RequestTimeTooSkewed",
          "The difference between the request time and the server's time is too large.");
    }
  }

  private static Instant parseAmzDate(String amzDate) {
    try {
      return Instant.from(SigV4Signing.AMZ_DATE.parse(amzDate));
    } catch (DateTimeParseException e) {
      throw new StorageException(403, "AccessDenied", "the request time " + amzDate + " is not a valid date");
    }
  }

  private static Authenticated.PayloadMode payloadMode(String payloadHash) {
    return switch (payloadHash) {
      case SigV4Signing.UNSIGNED_PAYLOAD -> Authenticated.PayloadMode.UNSIGNED;
      case SigV4Signing.STREAMING_SIGNED -> Authenticated.PayloadMode.STREAMING_SIGNED;
      case SigV4Signing.STREAMING_SIGNED_TRAILER -> Authenticated.PayloadMode.STREAMING_SIGNED_TRAILER;
      case SigV4Signing.STREAMING_UNSIGNED_TRAILER -> Authenticated.PayloadMode.STREAMING_UNSIGNED_TRAILER;
      default -> {
        if (HEX64_ANY_CASE.matcher(payloadHash).matches()) {
          yield Authenticated.PayloadMode.SHA256;
        }
        if (payloadHash.startsWith("STREAMING-")) {
          throw new StorageException(501, "NotImplemented", "x-amz-content-sha256 " + abbreviate(payloadHash)
              + " is not supported; use a hex SHA-256, UNSIGNED-PAYLOAD, " + SigV4Signing.STREAMING_SIGNED + ", "
              + SigV4Signing.STREAMING_SIGNED_TRAILER + " or " + SigV4Signing.STREAMING_UNSIGNED_TRAILER);
        }
        throw StorageException.invalidArgument("x-amz-content-sha256 must be UNSIGNED-PAYLOAD, a STREAMING-* mode, or a valid sha256 value.");
      }
    };
  }

  private static long decodedContentLength(S3Request request) {
    String value = request.header("x-amz-decoded-content-length");
    if (value == null) {
      return -1;
    }
    try {
      long length = Long.parseLong(value.strip());
      if (length >= 0) {
        return length;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw StorageException.invalidArgument("x-amz-decoded-content-length must be a non-negative number of bytes");
  }

  private static List<String> trailerNames(S3Request request, Authenticated.PayloadMode mode) {
    String value = request.header("x-amz-trailer");
    if (mode == Authenticated.PayloadMode.STREAMING_SIGNED || value == null || value.isBlank()) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (String name : value.split(",")) {
      String trailer = name.strip().toLowerCase(Locale.ROOT);
      if (!TrailingChecksum.SUPPORTED.contains(trailer)) {
        throw StorageException.invalidArgument("x-amz-trailer " + abbreviate(trailer) + " is not supported; use one of "
            + String.join(", ", TrailingChecksum.SUPPORTED.stream().sorted().toList()));
      }
      if (!names.contains(trailer)) {
        names.add(trailer);
      }
    }
    return names;
  }

  private static List<String> parseSignedHeaders(String value, Function<String, StorageException> error) {
    if (value.isEmpty()) {
      throw error.apply("SignedHeaders is empty");
    }
    List<String> names = List.of(value.split(";", -1));
    for (String name : names) {
      if (!SIGNED_HEADER_NAME.matcher(name).matches()) {
        throw error.apply("SignedHeaders must be lower-case header names separated by ';', not '" + abbreviate(value) + "'");
      }
    }
    if (!names.contains("host")) {
      throw error.apply("SignedHeaders must include host");
    }
    return names;
  }

  /** The query parameters by decoded name (the first value of each), for finding presigned ones. */
  private static Map<String, String> queryParameters(String rawQuery) {
    Map<String, String> params = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String part : rawQuery.split("&")) {
      int eq = part.indexOf('=');
      String name = SigV4Signing.percentDecode(eq < 0 ? part : part.substring(0, eq));
      params.putIfAbsent(name, eq < 0 ? "" : SigV4Signing.percentDecode(part.substring(eq + 1)));
    }
    return params;
  }

  /** The parsed {@code AKID/yyyymmdd/region/s3/aws4_request}. */
  private record Credential(String accessKeyId, String date, String region) {
    static Credential parse(String value, Function<String, StorageException> error) {
      String[] parts = value.split("/", -1);
      if (parts.length != 5) {
        throw error.apply("Credential must be ACCESS_KEY_ID/yyyymmdd/region/s3/aws4_request, not '" + abbreviate(value) + "'");
      }
      if (parts[0].isEmpty()) {
        throw error.apply("the Credential has no access key id");
      }
      if (!DATE_STAMP.matcher(parts[1]).matches()) {
        throw error.apply("the Credential date must be yyyymmdd, not '" + abbreviate(parts[1]) + "'");
      }
      if (parts[2].isEmpty()) {
        throw error.apply("the Credential has no region");
      }
      if (!parts[3].equals(SigV4Signing.SERVICE)) {
        throw error.apply("the Credential service must be s3, not '" + abbreviate(parts[3]) + "'");
      }
      if (!parts[4].equals(SigV4Signing.TERMINATOR)) {
        throw error.apply("the Credential must end with aws4_request, not '" + abbreviate(parts[4]) + "'");
      }
      return new Credential(parts[0], parts[1], parts[2]);
    }
  }

  private static StorageException headerMalformed(String message) {
    return new StorageException(400, "AuthorizationHeaderMalformed", "The authorization header is malformed; " + message + ".");
  }

  private static StorageException queryMalformed(String message) {
    return new StorageException(400, "AuthorizationQueryParametersError", "Error parsing the X-Amz-* query parameters; " + message + ".");
  }

  private static StorageException unsupportedMechanism() {
    return new StorageException(400, "InvalidRequest",
        "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.");
  }

  private static String abbreviate(String s) {
    String printable = s.replaceAll("\\p{Cntrl}", "?");
    return printable.length() <= 64 ? printable : printable.substring(0, 64) + "...";
  }
}
