package io.cumulo.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.cumulo.core.storage.BucketInfo;
import io.cumulo.core.storage.ObjectInfo;
import io.cumulo.core.storage.UploadInfo;
import io.cumulo.storage.s3.RawS3Client.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The bad-input corpus of the S3 front (DESIGN.md promise 3): hostile request documents, headers,
 * signatures, aws-chunked bodies, keys, bucket names and query strings, each sent over real HTTP
 * to a real {@link S3Server}. Every one must get S3's XML error with the expected status and code
 * (never a 500, never a Java class name or stack trace), leave the store exactly as it was, and
 * leave the server answering normal requests.
 *
 * <p>The XML documents are files under {@code hostile/s3/xml}, listed with their expected outcome
 * in {@code cases.tsv}; the request cases are built here, where they need signing or raw bytes.
 */
class S3HostileRequestTest {
  static final String BUCKET = "hostile";
  static final String SENTINEL_KEY = "keep/me";
  static final byte[] SENTINEL = "the sentinel object".getBytes(StandardCharsets.UTF_8);
  static final String TRAILER = "x-amz-checksum-crc32";

  @TempDir static Path dir;
  static S3TestServer t;
  static RawS3Client raw;
  static String uploadId;
  static String before;

  @BeforeAll
  static void start() throws Exception {
    t = new S3TestServer(dir);
    raw = new RawS3Client(t.server.uri(), S3TestServer.ROOT_ID, S3TestServer.ROOT_SECRET);
    t.s3.createBucket(b -> b.bucket(BUCKET));
    t.s3.putObject(b -> b.bucket(BUCKET).key(SENTINEL_KEY), RequestBody.fromBytes(SENTINEL));
    uploadId = t.s3.createMultipartUpload(b -> b.bucket(BUCKET).key("mpu")).uploadId();
    t.s3.uploadPart(b -> b.bucket(BUCKET).key("mpu").uploadId(uploadId).partNumber(1), RequestBody.fromString("hello"));
  }

  @BeforeEach
  void rememberStore() {
    before = storeState();
  }

  @AfterAll
  static void stop() throws Exception {
    t.close();
  }

  static Stream<Arguments> xmlCases() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    for (String line : new String(resource("cases.tsv"), StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      cases.add(arguments(f[0] + " (" + f[4] + ")", f[0], f[1], Integer.parseInt(f[2]), f[3]));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("xmlCases")
  void answersS3Error_whenXmlDocumentIsHostile(String name, String file, String target, int status, String code)
      throws Exception {
    byte[] body = resource(file);
    Reply reply = switch (target) {
      case "delete" -> raw.signed("POST", "/" + BUCKET + "?delete", Map.of("Content-MD5", md5(body)), body);
      case "complete" -> raw.signed("POST", "/" + BUCKET + "/mpu?uploadId=" + uploadId, Map.of(), body);
      case "cors" -> raw.signed("PUT", "/" + BUCKET + "?cors", Map.of(), body);
      case "notification" -> raw.signed("PUT", "/" + BUCKET + "?notification", Map.of(), body);
      case "create-bucket" -> raw.signed("PUT", "/hostile-new", Map.of(), body);
      default -> throw new IllegalArgumentException("unknown target " + target + " in cases.tsv");
    };
    assertS3Error(reply, status, code);
    assertNothingChangedAndServerAnswers();
  }

  /** One hostile request, sent by the raw client. */
  interface HostileRequest {
    Reply send() throws IOException;
  }

  static Stream<Arguments> requestCases() {
    String object = "/" + BUCKET + "/" + SENTINEL_KEY;
    String fresh = "/" + BUCKET + "/new-object";
    byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
    String now = RawS3Client.amzDate(Instant.now());
    String credential = S3TestServer.ROOT_ID + "/" + now.substring(0, 8) + "/us-east-1/s3/aws4_request";
    String signature = "0".repeat(64);
    List<Arguments> cases = new ArrayList<>();

    // Range: malformed ones are ignored (RFC 9110), unsatisfiable ones are 416; never a 500.
    cases.add(arguments("Range bytes=5-2 is ignored", get(object, "bytes=5-2"), 200, null));
    cases.add(arguments("Range bytes=- is ignored", get(object, "bytes=-"), 200, null));
    cases.add(arguments("Range bytes=--1 is ignored", get(object, "bytes=--1"), 200, null));
    cases.add(arguments("Range of 100 ranges is ignored", get(object,
        "bytes=" + IntStream.range(0, 100).mapToObj(i -> i + "-" + i).collect(Collectors.joining(","))), 200, null));
    cases.add(arguments("Range in bits is ignored", get(object, "bits=0-1"), 200, null));
    cases.add(arguments("Range with a 30-digit end is clamped", get(object, "bytes=0-" + "9".repeat(30)), 206, null));
    cases.add(arguments("Range starting past the end", get(object, "bytes=1000-"), 416, "InvalidRange"));
    cases.add(arguments("Range suffix of zero bytes", get(object, "bytes=-0"), 416, "InvalidRange"));

    // Body digests and lengths.
    cases.add(arguments("Content-MD5 of other bytes", put(fresh, Map.of("Content-MD5", md5("other".getBytes(StandardCharsets.UTF_8))), hello), 400, "BadDigest"));
    cases.add(arguments("Content-MD5 not base64", put(fresh, Map.of("Content-MD5", "!!not base64!!"), hello), 400, "InvalidDigest"));
    cases.add(arguments("Content-MD5 of 3 bytes", put(fresh, Map.of("Content-MD5", "AAAA"), hello), 400, "InvalidDigest"));
    cases.add(arguments("x-amz-checksum-crc32 of other bytes", put(fresh, Map.of("x-amz-checksum-crc32", "AAAAAA=="), hello), 400, "BadDigest"));
    cases.add(arguments("x-amz-content-sha256 of other bytes", put(fresh, Map.of("x-amz-content-sha256", "a".repeat(64)), hello), 400, "XAmzContentSHA256Mismatch"));
    cases.add(arguments("x-amz-content-sha256 of other bytes on an empty body", put(fresh, Map.of("x-amz-content-sha256", "a".repeat(64)),
        new byte[0]), 400, "XAmzContentSHA256Mismatch"));
    cases.add(arguments("x-amz-content-sha256 of other bytes on a part", putPart(Map.of("x-amz-content-sha256", "a".repeat(64)), hello), 400, "XAmzContentSHA256Mismatch"));
    cases.add(arguments("x-amz-content-sha256 garbage", put(fresh, Map.of("x-amz-content-sha256", "garbage"), hello), 400, "InvalidArgument"));
    cases.add(arguments("x-amz-content-sha256 unknown streaming mode", put(fresh, Map.of("x-amz-content-sha256", "STREAMING-FOO"), hello), 501, "NotImplemented"));
    cases.add(arguments("Content-Length larger than the body", (HostileRequest) () -> raw.signed("PUT", fresh,
        Map.of("Content-Length", "100"), hello), 400, "IncompleteBody"));
    cases.add(arguments("Content-Length not a number", (HostileRequest) () -> raw.signed("PUT", fresh,
        Map.of("Content-Length", "five"), hello), 400, "BadRequest"));
    cases.add(arguments("Content-Length negative", (HostileRequest) () -> raw.signed("PUT", fresh,
        Map.of("Content-Length", "-1"), hello), 400, "BadRequest"));
    cases.add(arguments("Content-Length beyond a long", (HostileRequest) () -> raw.signed("PUT", fresh,
        Map.of("Content-Length", "99999999999999999999999"), hello), 400, "BadRequest"));
    cases.add(arguments("PUT without a length", (HostileRequest) () -> raw.signed("PUT", fresh,
        Map.of("Transfer-Encoding", "chunked"), "5\r\nhello\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), 411, "MissingContentLength"));

    // Request time.
    cases.add(arguments("x-amz-date malformed", put(fresh, Map.of("x-amz-date", "2025-01-01T00:00:00Z"), hello), 400, "AuthorizationHeaderMalformed"));
    cases.add(arguments("x-amz-date of 30 digits", put(fresh, Map.of("x-amz-date", "9".repeat(30)), hello), 403, "AccessDenied"));
    cases.add(arguments("x-amz-date an hour old", (HostileRequest) () -> raw.signedAt(Instant.now().minus(Duration.ofHours(1)),
        "PUT", fresh, Map.of(), hello), 403, "RequestTimeTooSkewed"));
    cases.add(arguments("x-amz-date on 30 February", (HostileRequest) () -> raw.signed("PUT", fresh,
        Map.of("x-amz-date", "20250230T000000Z"), hello), 403, "RequestTimeTooSkewed"));

    // The Authorization header.
    cases.add(arguments("no Authorization", unsigned("PUT", fresh, Map.of(), hello), 403, "AccessDenied"));
    cases.add(arguments("Authorization with only the algorithm", authorization("AWS4-HMAC-SHA256"), 400, "AuthorizationHeaderMalformed"));
    cases.add(arguments("Authorization with no Signature", authorization("AWS4-HMAC-SHA256 Credential=" + credential
        + ", SignedHeaders=host;x-amz-content-sha256;x-amz-date"), 400, "AuthorizationHeaderMalformed"));
    cases.add(arguments("Authorization with Credential twice", authorization("AWS4-HMAC-SHA256 Credential=" + credential
        + ", Credential=" + credential + ", SignedHeaders=host, Signature=" + signature), 400, "AuthorizationHeaderMalformed"));
    cases.add(arguments("Authorization with an unknown component", authorization("AWS4-HMAC-SHA256 Credential=" + credential
        + ", SignedHeaders=host, Signature=" + signature + ", Extra=1"), 400, "AuthorizationHeaderMalformed"));
    cases.add(arguments("Authorization with a component without =", authorization("AWS4-HMAC-SHA256 Credential=" + credential
        + ", SignedHeaders, Signature=" + signature), 400, "AuthorizationHeaderMalformed"));
    cases.add(arguments("Authorization with another algorithm", authorization("AWS4-HMAC-SHA512 Credential=" + credential
        + ", SignedHeaders=host, Signature=" + signature), 400, "AuthorizationHeaderMalformed"));
    cases.add(arguments("Authorization of Signature Version 2", authorization("AWS " + S3TestServer.ROOT_ID + ":c2lnbmF0dXJl"), 400, "InvalidRequest"));
    cases.add(arguments("Authorization with a 10 KiB credential", authorization("AWS4-HMAC-SHA256 Credential=" + "A".repeat(10 * 1024)
        + "/" + now.substring(0, 8) + "/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=" + signature), 403, "InvalidAccessKeyId"));
    cases.add(arguments("Authorization with a credential of three parts", authorization("AWS4-HMAC-SHA256 Credential="
        + S3TestServer.ROOT_ID + "/us-east-1/s3, SignedHeaders=host, Signature=" + signature), 400, "AuthorizationHeaderMalformed"));
    cases.add(arguments("Authorization for service ec2", authorization("AWS4-HMAC-SHA256 Credential=" + S3TestServer.ROOT_ID
        + "/" + now.substring(0, 8) + "/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=" + signature), 400, "AuthorizationHeaderMalformed"));
    cases.add(arguments("Authorization with an upper-case signature", authorization("AWS4-HMAC-SHA256 Credential=" + credential
        + ", SignedHeaders=host, Signature=" + "A".repeat(64)), 400, "AuthorizationHeaderMalformed"));
    cases.add(arguments("Authorization with a short signature", authorization("AWS4-HMAC-SHA256 Credential=" + credential
        + ", SignedHeaders=host, Signature=abc"), 400, "AuthorizationHeaderMalformed"));
    cases.add(arguments("Authorization not signing host", authorization("AWS4-HMAC-SHA256 Credential=" + credential
        + ", SignedHeaders=x-amz-date, Signature=" + signature), 400, "AuthorizationHeaderMalformed"));
    cases.add(arguments("Authorization signing an upper-case header", authorization("AWS4-HMAC-SHA256 Credential=" + credential
        + ", SignedHeaders=Host;X-Amz-Date, Signature=" + signature), 400, "AuthorizationHeaderMalformed"));
    cases.add(arguments("Authorization with an empty SignedHeaders", authorization("AWS4-HMAC-SHA256 Credential=" + credential
        + ", SignedHeaders=, Signature=" + signature), 400, "AuthorizationHeaderMalformed"));
    cases.add(arguments("Authorization with control characters", authorization("AWS4-HMAC-SHA256 Credential=\u0001\u0002/x"), 400, "BadRequest"));
    cases.add(arguments("Authorization of an unknown key", authorization("AWS4-HMAC-SHA256 Credential=NOSUCHKEY0000000000/"
        + now.substring(0, 8) + "/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + signature), 403, "InvalidAccessKeyId"));
    cases.add(arguments("Authorization with a wrong signature", authorization("AWS4-HMAC-SHA256 Credential=" + credential
        + ", SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + signature), 403, "SignatureDoesNotMatch"));
    cases.add(arguments("Authorization and a presigned query", (HostileRequest) () -> raw.signed("GET",
        object + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=" + signature, Map.of(), new byte[0]), 400, "InvalidArgument"));

    // Presigned URLs.
    String presigned = object + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + credential.replace("/", "%2F")
        + "&X-Amz-Date=" + now + "&X-Amz-SignedHeaders=host&X-Amz-Signature=" + signature;
    cases.add(arguments("presigned URL expiring after 0 s", unsigned("GET", presigned + "&X-Amz-Expires=0", Map.of(), new byte[0]), 400, "AuthorizationQueryParametersError"));
    cases.add(arguments("presigned URL valid for 8 days", unsigned("GET", presigned + "&X-Amz-Expires=691200", Map.of(), new byte[0]), 400, "AuthorizationQueryParametersError"));
    cases.add(arguments("presigned URL expiry not a number", unsigned("GET", presigned + "&X-Amz-Expires=soon", Map.of(), new byte[0]), 400, "AuthorizationQueryParametersError"));
    cases.add(arguments("presigned URL without credential", unsigned("GET", object + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature="
        + signature, Map.of(), new byte[0]), 400, "AuthorizationQueryParametersError"));
    cases.add(arguments("presigned URL with another algorithm", unsigned("GET", presigned.replace("AWS4-HMAC-SHA256", "HMAC-MD5")
        + "&X-Amz-Expires=60", Map.of(), new byte[0]), 400, "AuthorizationQueryParametersError"));
    cases.add(arguments("presigned URL with a wrong signature", unsigned("GET", presigned + "&X-Amz-Expires=60", Map.of(), new byte[0]), 403, "SignatureDoesNotMatch"));

    // aws-chunked bodies: framing, lengths, trailers, chunk signatures.
    cases.add(arguments("chunk size not hex", chunked("zz\r\nhello\r\n0\r\n\r\n", 5), 400, "InvalidChunkSizeError"));
    cases.add(arguments("chunk size negative", chunked("-5\r\nhello\r\n0\r\n\r\n", 5), 400, "InvalidChunkSizeError"));
    cases.add(arguments("chunk size over 2^31", chunked("100000000\r\nhello\r\n0\r\n\r\n", 5), 400, "InvalidChunkSizeError"));
    cases.add(arguments("chunk size over the chunk limit", chunked("7fffffff\r\nhello\r\n0\r\n\r\n", 5), 400, "InvalidChunkSizeError"));
    cases.add(arguments("chunk size empty", chunked("\r\nhello\r\n0\r\n\r\n", 5), 400, "InvalidChunkSizeError"));
    cases.add(arguments("chunk header of 5000 bytes", chunked("5;" + "x".repeat(5000) + "\r\nhello\r\n0\r\n\r\n", 5), 400, "InvalidChunkSizeError"));
    cases.add(arguments("chunk data without CRLF", chunked("5\r\nhello0\r\n\r\n", 5), 400, "IncompleteBody"));
    cases.add(arguments("chunk longer than its size", chunked("3\r\nhello\r\n0\r\n\r\n", 5), 400, "IncompleteBody"));
    cases.add(arguments("body ending inside a chunk", chunked("5\r\nhel", 5), 400, "IncompleteBody"));
    cases.add(arguments("body without the final chunk", chunked("5\r\nhello\r\n", 5), 400, "IncompleteBody"));
    cases.add(arguments("decoded length larger than the chunks", chunked("5\r\nhello\r\n0\r\n" + TRAILER + ":" + crc32(hello) + "\r\n\r\n", 6), 400, "IncompleteBody"));
    cases.add(arguments("decoded length smaller than the chunks", chunked("5\r\nhello\r\n0\r\n" + TRAILER + ":" + crc32(hello) + "\r\n\r\n", 4), 400, "IncompleteBody"));
    cases.add(arguments("trailer checksum wrong", chunked("5\r\nhello\r\n0\r\n" + TRAILER + ":AAAAAA==\r\n\r\n", 5), 400, "BadDigest"));
    cases.add(arguments("trailer missing", chunked("5\r\nhello\r\n0\r\n\r\n", 5), 400, "MalformedTrailerError"));
    cases.add(arguments("trailer not announced", chunked("5\r\nhello\r\n0\r\nx-amz-checksum-sha1:AAAA\r\n\r\n", 5), 400, "MalformedTrailerError"));
    cases.add(arguments("trailer line without colon", chunked("5\r\nhello\r\n0\r\ngarbage\r\n\r\n", 5), 400, "MalformedTrailerError"));
    cases.add(arguments("trailer sent twice", chunked("5\r\nhello\r\n0\r\n" + TRAILER + ":" + crc32(hello) + "\r\n" + TRAILER + ":"
        + crc32(hello) + "\r\n\r\n", 5), 400, "MalformedTrailerError"));
    cases.add(arguments("decoded length negative", streaming("STREAMING-UNSIGNED-PAYLOAD-TRAILER", "-5", TRAILER, "0\r\n\r\n"), 400, "InvalidArgument"));
    cases.add(arguments("trailer of an unsupported checksum", streaming("STREAMING-UNSIGNED-PAYLOAD-TRAILER", "5", "x-amz-checksum-md5",
        "5\r\nhello\r\n0\r\n\r\n"), 400, "InvalidArgument"));
    cases.add(arguments("chunk signature wrong", streaming("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "5", null,
        "5;chunk-signature=" + signature + "\r\nhello\r\n0;chunk-signature=" + signature + "\r\n\r\n"), 403, "SignatureDoesNotMatch"));
    cases.add(arguments("chunk signature missing", streaming("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "5", null,
        "5\r\nhello\r\n0\r\n\r\n"), 400, "InvalidChunkSizeError"));

    // Keys, bucket names and the path.
    cases.add(arguments("key of 1025 bytes", put("/" + BUCKET + "/" + "k".repeat(1025), Map.of(), hello), 400, "KeyTooLongError"));
    cases.add(arguments("key of 513 two-byte characters", put("/" + BUCKET + "/" + "%C3%A9".repeat(513), Map.of(), hello), 400, "KeyTooLongError"));
    cases.add(arguments("key with invalid UTF-8", put("/" + BUCKET + "/bad%FF%FE", Map.of(), hello), 400, "InvalidArgument"));
    cases.add(arguments("key with an overlong UTF-8 slash", put("/" + BUCKET + "/a%C0%AFb", Map.of(), hello), 400, "InvalidArgument"));
    cases.add(arguments("key with a lone surrogate", put("/" + BUCKET + "/a%ED%A0%80", Map.of(), hello), 400, "InvalidArgument"));
    cases.add(arguments("key with a truncated escape", put("/" + BUCKET + "/a%2", Map.of(), hello), 400, "BadRequest"));
    cases.add(arguments("key with a non-hex escape", put("/" + BUCKET + "/a%zzb", Map.of(), hello), 400, "BadRequest"));
    cases.add(arguments("key with NUL", put("/" + BUCKET + "/a%00b", Map.of(), hello), 400, "BadRequest"));
    cases.add(arguments("bucket name in upper case", put("/Hostile", Map.of(), new byte[0]), 400, "InvalidBucketName"));
    cases.add(arguments("bucket name of two letters", put("/ab", Map.of(), new byte[0]), 400, "InvalidBucketName"));
    cases.add(arguments("bucket name of 64 letters", put("/" + "b".repeat(64), Map.of(), new byte[0]), 400, "InvalidBucketName"));
    cases.add(arguments("object in a bucket of an invalid name", put("/Hostile/k", Map.of(), hello), 404, "NoSuchBucket"));
    cases.add(arguments("bucket name an IP address", put("/192.168.1.1", Map.of(), new byte[0]), 400, "InvalidBucketName"));
    cases.add(arguments("bucket name with ..", put("/a..b", Map.of(), new byte[0]), 400, "InvalidBucketName"));
    cases.add(arguments("bucket name with escapes", put("/a%2Fb%00", Map.of(), new byte[0]), 400, "BadRequest"));
    cases.add(arguments("bucket name with invalid UTF-8", put("/ab%FF", Map.of(), new byte[0]), 400, "InvalidArgument"));
    cases.add(arguments("bucket that does not exist", put("/no-such-bucket/k", Map.of(), hello), 404, "NoSuchBucket"));

    // Query strings and sub-resources.
    cases.add(arguments("query of 1000 parameters", signedGet("/" + BUCKET + "?" + IntStream.range(0, 1000)
        .mapToObj(i -> "p" + i + "=" + i).collect(Collectors.joining("&"))), 200, null));
    cases.add(arguments("query with a bad escape", signedGet("/" + BUCKET + "?prefix=%zz"), 400, "InvalidArgument"));
    cases.add(arguments("query with a truncated escape", signedGet("/" + BUCKET + "?prefix=%E"), 400, "InvalidArgument"));
    cases.add(arguments("max-keys negative", signedGet("/" + BUCKET + "?max-keys=-1"), 400, "InvalidArgument"));
    cases.add(arguments("max-keys not a number", signedGet("/" + BUCKET + "?max-keys=many"), 400, "InvalidArgument"));
    cases.add(arguments("continuation token garbage", signedGet("/" + BUCKET + "?list-type=2&continuation-token=%FF%FE"), 400, "InvalidArgument"));
    cases.add(arguments("part number 0", put(fresh + "?partNumber=0&uploadId=x", Map.of(), hello), 400, "InvalidArgument"));
    cases.add(arguments("part number 10001", put(fresh + "?partNumber=10001&uploadId=x", Map.of(), hello), 400, "InvalidArgument"));
    cases.add(arguments("part number beyond int", put(fresh + "?partNumber=99999999999&uploadId=x", Map.of(), hello), 400, "InvalidArgument"));
    cases.add(arguments("upload id unknown", put("/" + BUCKET + "/mpu?partNumber=2&uploadId=nope", Map.of(), hello), 404, "NoSuchUpload"));
    cases.add(arguments("upload id of path characters", put("/" + BUCKET + "/mpu?partNumber=2&uploadId=..%2F..%2Fetc", Map.of(), hello), 404, "NoSuchUpload"));
    cases.add(arguments("unsupported sub-resource", signedGet("/" + BUCKET + "?acl"), 501, "NotImplemented"));
    cases.add(arguments("method PATCH", (HostileRequest) () -> raw.signed("PATCH", object, Map.of(), hello), 405, "MethodNotAllowed"));

    // Copy sources.
    cases.add(arguments("copy source without key", put(fresh, Map.of("x-amz-copy-source", BUCKET), new byte[0]), 400, "InvalidArgument"));
    cases.add(arguments("copy source with a bad escape", put(fresh, Map.of("x-amz-copy-source", BUCKET + "/a%zz"), new byte[0]), 400, "InvalidArgument"));
    cases.add(arguments("copy source with a version", put(fresh, Map.of("x-amz-copy-source", BUCKET + "/keep/me?versionId=3"), new byte[0]), 501, "NotImplemented"));
    cases.add(arguments("copy source missing", put(fresh, Map.of("x-amz-copy-source", BUCKET + "/no/such/key"), new byte[0]), 404, "NoSuchKey"));
    cases.add(arguments("copy source range reversed", putPart(Map.of("x-amz-copy-source", BUCKET + "/keep/me", "x-amz-copy-source-range", "bytes=5-2"), new byte[0]), 400, "InvalidArgument"));
    cases.add(arguments("metadata directive unknown", put(fresh, Map.of("x-amz-copy-source", BUCKET + "/keep/me",
        "x-amz-metadata-directive", "MERGE"), new byte[0]), 400, "InvalidArgument"));

    // Browser form uploads.
    cases.add(arguments("form without a boundary", unsigned("POST", "/" + BUCKET, Map.of("Content-Type", "multipart/form-data"), hello), 400, null));
    cases.add(arguments("form without a closing boundary", unsigned("POST", "/" + BUCKET, Map.of("Content-Type", "multipart/form-data; boundary=XX"),
        "--XX\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nnew-object\r\n".getBytes(StandardCharsets.US_ASCII)), 400, "MalformedPOSTRequest"));
    cases.add(arguments("form with a policy that is not base64", unsigned("POST", "/" + BUCKET, Map.of("Content-Type", "multipart/form-data; boundary=XX"),
        form(Map.of("key", "new-object", "policy", "!!!", "x-amz-algorithm", "AWS4-HMAC-SHA256", "x-amz-credential", credential,
            "x-amz-date", now, "x-amz-signature", signature))), 403, "SignatureDoesNotMatch"));
    cases.add(arguments("form with a wrong signature", unsigned("POST", "/" + BUCKET, Map.of("Content-Type", "multipart/form-data; boundary=XX"),
        form(Map.of("key", "new-object", "policy", Base64.getEncoder().encodeToString("{\"conditions\":[]}".getBytes(StandardCharsets.UTF_8)),
            "x-amz-algorithm", "AWS4-HMAC-SHA256", "x-amz-credential", credential, "x-amz-date", now, "x-amz-signature", signature))), 403, "SignatureDoesNotMatch"));

    // Headers Jetty itself refuses.
    cases.add(arguments("header section over 16 KiB", unsigned("GET", object, Map.of("X-Big", "a".repeat(20_000)), new byte[0]), 431, "RequestHeaderSectionTooLarge"));
    cases.add(arguments("header with a bare CR", unsigned("GET", object, Map.of("X-Bad", "a\rb"), new byte[0]), 400, "BadRequest"));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requestCases")
  void answersS3Error_whenRequestIsHostile(String name, HostileRequest request, int status, String code) throws Exception {
    Reply reply = request.send();
    if (code == null && status < 300) {
      assertThat(reply.status()).as(reply.body()).isEqualTo(status);
      assertThat(reply.body()).doesNotContain("<Error>");
    } else {
      assertS3Error(reply, status, code);
    }
    assertNothingChangedAndServerAnswers();
  }

  static void assertS3Error(Reply reply, int status, String code) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.headers()).containsKey("x-amz-request-id");
    assertThat(reply.headers().get("content-type")).startsWith("application/xml");
    assertThat(reply.body()).startsWith("<?xml").contains("<Error><Code>").contains("<RequestId>")
        .doesNotContain("Exception").doesNotContain("java.").doesNotContain("\tat ").doesNotContain("root:");
    if (code != null) {
      assertThat(reply.body()).contains("<Code>" + code + "</Code>");
    }
  }

  /** The store holds what it held before every case, and a plain signed GET still works. */
  static void assertNothingChangedAndServerAnswers() throws IOException {
    assertThat(storeState()).isEqualTo(before);
    Reply sentinel = raw.signed("GET", "/" + BUCKET + "/" + SENTINEL_KEY, Map.of(), new byte[0]);
    assertThat(sentinel.status()).isEqualTo(200);
    assertThat(sentinel.body()).isEqualTo(new String(SENTINEL, StandardCharsets.UTF_8));
  }

  /** Every bucket, object (with its ETag), upload, part and bucket configuration, as text. */
  static String storeState() {
    StringBuilder state = new StringBuilder();
    for (BucketInfo bucket : t.store.listBuckets()) {
      state.append("bucket ").append(bucket.name()).append('\n');
      for (ObjectInfo object : t.store.list(bucket.name(), "", null, null, 1000).objects()) {
        state.append("  object ").append(object.key()).append(' ').append(object.etag()).append('\n');
      }
      for (UploadInfo upload : t.store.listMultipartUploads(bucket.name(), "")) {
        state.append("  upload ").append(upload.key()).append(' ').append(upload.uploadId())
            .append(" parts ").append(t.store.listParts(bucket.name(), upload.key(), upload.uploadId(), 0, 1000).size()).append('\n');
      }
      for (String kind : List.of(BucketOperations.CORS, BucketOperations.NOTIFICATION)) {
        t.store.bucketConfig(bucket.name(), kind).ifPresent(doc -> state.append("  ").append(kind).append(' ')
            .append(new String(doc, StandardCharsets.UTF_8)).append('\n'));
      }
    }
    return state.toString();
  }

  private static HostileRequest get(String target, String range) {
    return () -> raw.signed("GET", target, Map.of("Range", range), new byte[0]);
  }

  private static HostileRequest signedGet(String target) {
    return () -> raw.signed("GET", target, Map.of(), new byte[0]);
  }

  private static HostileRequest put(String target, Map<String, String> headers, byte[] body) {
    return () -> raw.signed("PUT", target, headers, body);
  }

  /** A PUT of part 2 of the open upload, whose id is known only once the server runs. */
  private static HostileRequest putPart(Map<String, String> headers, byte[] body) {
    return () -> raw.signed("PUT", "/" + BUCKET + "/mpu?partNumber=2&uploadId=" + uploadId, headers, body);
  }

  private static HostileRequest unsigned(String method, String target, Map<String, String> headers, byte[] body) {
    return () -> raw.send(method, target, headers, body);
  }

  private static HostileRequest authorization(String value) {
    return () -> raw.send("PUT", "/" + BUCKET + "/new-object", Map.of("Authorization", value,
        "x-amz-date", RawS3Client.amzDate(Instant.now()), "x-amz-content-sha256", "UNSIGNED-PAYLOAD"),
        "hello".getBytes(StandardCharsets.UTF_8));
  }

  /** An unsigned-payload aws-chunked PUT announcing a CRC32 trailer and the given decoded length. */
  private static HostileRequest chunked(String body, long decodedLength) {
    return streaming("STREAMING-UNSIGNED-PAYLOAD-TRAILER", Long.toString(decodedLength), TRAILER, body);
  }

  private static HostileRequest streaming(String mode, String decodedLength, String trailer, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-amz-content-sha256", mode);
    headers.put("Content-Encoding", "aws-chunked");
    headers.put("x-amz-decoded-content-length", decodedLength);
    if (trailer != null) {
      headers.put("x-amz-trailer", trailer);
    }
    return () -> raw.signed("PUT", "/" + BUCKET + "/chunked-object", headers, body.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static byte[] form(Map<String, String> fields) {
    StringBuilder body = new StringBuilder();
    fields.forEach((name, value) -> body.append("--XX\r\nContent-Disposition: form-data; name=\"").append(name)
        .append("\"\r\n\r\n").append(value).append("\r\n"));
    body.append("--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello\r\n--XX--\r\n");
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String crc32(byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(data);
    long v = crc.getValue();
    return Base64.getEncoder().encodeToString(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
  }

  static String md5(byte[] data) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = S3HostileRequestTest.class.getResourceAsStream("/hostile/s3/xml/" + name)) {
      assertThat(in).as("resource hostile/s3/xml/" + name).isNotNull();
      return in.readAllBytes();
    }
  }
}
