package io.cumulo.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cumulo.core.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;

/**
 * Fuzzes the request documents the S3 front parses: XML ({@code XmlElement} and each document
 * built on it), POST policies and multipart forms. Any input must parse or fail with a 4xx {@link
 * StorageException}; no other exception, no hang. Inputs are bounded as the server bounds bodies.
 *
 * <p>Without {@code JAZZER_FUZZ} these replay the seeds under {@code S3DocumentFuzzTestInputs}.
 */
class S3DocumentFuzzTest {
  private static final int MAX_DOCUMENT_BYTES = 64 * 1024;

  @FuzzTest(maxDuration = "2m")
  void parsesOrRefuses_whenXmlDocumentIsArbitrary(byte[] document) {
    if (document.length > MAX_DOCUMENT_BYTES) {
      return;
    }
    expectParsedOrRefused(() -> XmlElement.parse(document));
    expectParsedOrRefused(() -> DeleteRequest.parse(document));
    expectParsedOrRefused(() -> MultipartOperations.completedParts(document));
    expectParsedOrRefused(() -> CorsConfiguration.parse(document));
    expectParsedOrRefused(() -> NotificationConfiguration.validate(document));
  }

  @FuzzTest(maxDuration = "1m")
  void checksOrRefuses_whenPostPolicyIsArbitrary(byte[] policyJson) {
    if (policyJson.length > MAX_DOCUMENT_BYTES) {
      return;
    }
    String policy = Base64.getEncoder().encodeToString(policyJson);
    expectParsedOrRefused(() -> PostPolicy.parse(policy).check(Map.of("key", "uploads/a.jpg", "bucket", "photos")));
  }

  @FuzzTest(maxDuration = "1m")
  void readsOrRefuses_whenMultipartFormIsArbitrary(FuzzedDataProvider data) {
    String contentType = "multipart/form-data; " + data.consumeString(100);
    byte[] body = data.consumeRemainingAsBytes();
    if (body.length > MAX_DOCUMENT_BYTES) {
      return;
    }
    expectParsedOrRefused(() -> {
      String boundary = MultipartFormReader.boundary(contentType);
      if (boundary == null) {
        return;
      }
      MultipartFormReader form = new MultipartFormReader(new ByteArrayInputStream(body), boundary);
      for (MultipartFormReader.Part part = form.next(); part != null; part = form.next()) {
        assertThat(part.name()).isNotNull();
        if (part.filename() == null) {
          form.readValue(1024);
        }
      }
    });
  }

  /**
   * Runs a parse; a refusal must be a client error (or 501 for S3 features the server does not
   * implement, such as versioned copy sources) with a message. Anything else escapes and fails.
   */
  static void expectParsedOrRefused(ThrowingRunnable parse) {
    try {
      parse.run();
    } catch (StorageException e) {
      assertThat(e.httpStatus()).satisfiesAnyOf(status -> assertThat(status).isBetween(400, 499),
          status -> assertThat(status).isEqualTo(501));
      assertThat(e.getMessage()).isNotBlank();
    } catch (IOException e) {
      throw new AssertionError("in-memory input cannot fail to read", e);
    }
  }

  interface ThrowingRunnable {
    void run() throws IOException;
  }
}
