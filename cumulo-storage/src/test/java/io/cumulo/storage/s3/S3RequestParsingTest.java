package io.cumulo.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cumulo.core.storage.ByteRange;
import io.cumulo.core.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure parts of the front: addressing, ranges, conditions, XML in and out, form parsing, CORS globs. */
class S3RequestParsingTest {

  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {
      "/, 127.0.0.1:9000, null, null",
      "/b, 127.0.0.1:9000, b, null",
      "/b/, 127.0.0.1:9000, b, null",
      "/b/a%20b/c+d, 127.0.0.1:9000, b, a b/c+d",
      "/b//x, localhost, b, /x",
      "/key/x, photos.localhost:9000, photos, key/x",
      "/, photos.localhost, photos, null",
      "/b/k, localhost:9000, b, k",
      "/b/%E6%96%87, null, b, 文"})
  void doesResolveBucketAndKey_whenPathOrVirtualHost(String path, String host, String bucket, String key) {
    assertThat(S3Address.resolve(path, host, "localhost")).isEqualTo(new S3Address(bucket, key));
  }

  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {
      "bytes=0-4, 0, 4", "bytes=5-, 5, 9", "bytes=-3, 7, 9", "bytes=-30, 0, 9", "bytes=8-20, 8, 9",
      "bytes=3-1, null, null", "bytes=a-b, null, null", "items=0-1, null, null", "'bytes=0-1,3-4', null, null"})
  void doesResolveRange_whenHeaderIsValidOrIgnorable(String header, Long first, Long last) {
    ByteRange range = RangeHeader.resolve(header, 10);
    assertThat(range).isEqualTo(first == null ? null : new ByteRange(first, last));
  }

  @Test
  void doesRefuseRange_whenUnsatisfiable() {
    assertThatThrownBy(() -> RangeHeader.resolve("bytes=10-", 10))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.httpStatus()).isEqualTo(416));
    assertThatThrownBy(() -> RangeHeader.resolve("bytes=-0", 10)).isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> RangeHeader.resolve("bytes=0-", 0)).isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> RangeHeader.resolve("bytes=99999999999999999999-", 10)).isInstanceOf(StorageException.class);
  }

  @Test
  void doesFollowS3Precedence_whenConditionsCombine() {
    Instant modified = Instant.parse("2026-01-01T00:00:00.500Z");
    String etag = "\"abc\"";
    String before = "Wed, 31 Dec 2025 00:00:00 GMT";
    String same = "Thu, 01 Jan 2026 00:00:00 GMT";
    assertThat(new Preconditions("abc", null, null, before).evaluate(etag, modified)).isEqualTo(Preconditions.Outcome.PROCEED);
    assertThat(new Preconditions("\"x\", \"abc\"", null, null, null).evaluate(etag, modified))
        .isEqualTo(Preconditions.Outcome.PROCEED);
    assertThat(new Preconditions("\"x\"", null, null, null).evaluate(etag, modified))
        .isEqualTo(Preconditions.Outcome.PRECONDITION_FAILED);
    assertThat(new Preconditions(null, null, null, before).evaluate(etag, modified))
        .isEqualTo(Preconditions.Outcome.PRECONDITION_FAILED);
    assertThat(new Preconditions(null, "*", null, null).evaluate(etag, modified)).isEqualTo(Preconditions.Outcome.NOT_MODIFIED);
    assertThat(new Preconditions(null, null, same, null).evaluate(etag, modified)).isEqualTo(Preconditions.Outcome.NOT_MODIFIED);
    assertThat(new Preconditions(null, null, before, null).evaluate(etag, modified)).isEqualTo(Preconditions.Outcome.PROCEED);
    assertThat(new Preconditions(null, "\"x\"", same, null).evaluate(etag, modified)).isEqualTo(Preconditions.Outcome.PROCEED);
    assertThat(new Preconditions(null, null, "not a date", null).evaluate(etag, modified)).isEqualTo(Preconditions.Outcome.PROCEED);
  }

  @Test
  void doesEscapeText_whenWritingXml() {
    String xml = new String(XmlWriter.document("R").element("Key", "a<b>&\"c'\u0001").element("Skip", (Object) null)
        .element("T", Instant.parse("2026-01-02T03:04:05Z")).toBytes(), StandardCharsets.UTF_8);
    assertThat(xml).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<R xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        + "<Key>a&lt;b&gt;&amp;&quot;c&apos;&#x1;</Key><T>2026-01-02T03:04:05.000Z</T></R>");
  }

  @Test
  void doesParseDocumentsIgnoringNamespace_whenWellFormed() {
    XmlElement root = XmlElement.parse(("<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet>"
        + "<Object><Key> spaced &amp; kept </Key></Object></Delete>").getBytes(StandardCharsets.UTF_8));
    assertThat(root.name()).isEqualTo("Delete");
    assertThat(root.childText("Quiet")).isEqualTo("true");
    assertThat(root.all("Object").getFirst().childText("Key")).isEqualTo(" spaced & kept ");
  }

  @Test
  void doesRefuseEntitiesAndDeepNesting_whenParsingXml() {
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/hostname\">]><r>&e;</r>";
    String bomb = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]><r>&b;</r>";
    String deep = "<a>".repeat(100) + "</a>".repeat(100);
    for (String doc : List.of(xxe, bomb, deep, "<a></b>", "", "<a/><b/>")) {
      assertThatThrownBy(() -> XmlElement.parse(doc.getBytes(StandardCharsets.UTF_8)))
          .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo("MalformedXML"));
    }
  }

  @Test
  void doesSplitFormParts_whenReadInTinyPieces() throws IOException {
    String boundary = "XyZ";
    String body = "preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nuploads/${filename}\r\n"
        + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n"
        + "line1\r\n--XyNotBoundary\r\nend\r\n--XyZ--\r\n";
    // One byte per read: boundaries split across reads must still be found.
    InputStream trickle = new FilterInputStream(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(1, len));
      }
    };
    MultipartFormReader form = new MultipartFormReader(trickle, MultipartFormReader.boundary("multipart/form-data; boundary=XyZ"));
    MultipartFormReader.Part key = form.next();
    assertThat(key.name()).isEqualTo("key");
    assertThat(form.readValue(100)).isEqualTo("uploads/${filename}");
    MultipartFormReader.Part file = form.next();
    assertThat(file).isEqualTo(new MultipartFormReader.Part("file", "a.txt", "text/plain"));
    assertThat(new String(form.partStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("line1\r\n--XyNotBoundary\r\nend");
    assertThat(form.next()).isNull();
    assertThat(boundary).isEqualTo(MultipartFormReader.boundary("multipart/form-data; boundary=\"XyZ\""));
  }

  @ParameterizedTest
  @CsvSource({"*, anything, true", "https://*.example, https://a.example, true", "https://*.example, https://a.other, false",
      "x-amz-*, x-amz-meta-a, true", "a*b*c, aXXbYYc, true", "a*b*c, aXXbYY, false", "exact, exact, true"})
  void doesMatchWildcards_whenCorsGlob(String pattern, String value, boolean matches) {
    assertThat(CorsConfiguration.glob(pattern, value)).isEqualTo(matches);
  }

  @Test
  void doesRoundTripContinuationToken_whenKeyIsUnicode() {
    String key = "päth/with spaces/文件";
    assertThat(ListOperations.decodeToken(ListOperations.encodeToken(key))).isEqualTo(key);
    assertThat(S3Address.urlEncode("a b+c/ü")).isEqualTo("a%20b%2Bc/%C3%BC");
  }
}
