package io.cumulo.examples.photos.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UploadRequestTest {

  @Test
  void readsTheRequest_whenItIsValid() {
    UploadRequest request = UploadRequest.parse("{\"fileName\":\"beach.jpg\",\"contentType\":\"Image/JPEG\",\"size\":104857600}");

    assertThat(request).isEqualTo(new UploadRequest("beach.jpg", "image/jpeg", 104_857_600L));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "nope",
      "[]",
      "{\"contentType\":\"image/jpeg\",\"size\":10}",
      "{\"fileName\":\"\",\"contentType\":\"image/jpeg\",\"size\":10}",
      "{\"fileName\":\"a.txt\",\"contentType\":\"text/plain\",\"size\":10}",
      "{\"fileName\":\"a.jpg\",\"size\":10}",
      "{\"fileName\":\"a.jpg\",\"contentType\":\"image/jpeg\"}",
      "{\"fileName\":\"a.jpg\",\"contentType\":\"image/jpeg\",\"size\":0}",
      "{\"fileName\":\"a.jpg\",\"contentType\":\"image/jpeg\",\"size\":1.5}",
      "{\"fileName\":\"a.jpg\",\"contentType\":\"image/jpeg\",\"size\":\"10\"}",
      "{\"fileName\":\"a.jpg\",\"contentType\":\"image/jpeg\",\"size\":104857601}",
      "{\"fileName\":\"a.jpg\",\"contentType\":\"image/jpeg\",\"size\":10,\"bucket\":\"other\"}"})
  void refusesWithAReason_whenTheRequestIsWrong(String body) {
    assertThatThrownBy(() -> UploadRequest.parse(body))
        .isInstanceOf(IllegalArgumentException.class)
        .message().isNotBlank();
  }

  @Test
  void saysTheLimit_whenTheFileIsTooBig() {
    assertThatThrownBy(() -> UploadRequest.parse("{\"fileName\":\"a.jpg\",\"contentType\":\"image/jpeg\",\"size\":200000000}"))
        .hasMessageContaining("100 MiB");
  }
}
