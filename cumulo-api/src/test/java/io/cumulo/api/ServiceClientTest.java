package io.cumulo.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ServiceClientTest {

  @Test
  void readsStringFields_whenEscaped() {
    String json = "{\"status\": 404, \"code\" : \"FunctionNotFound\", \"detail\":\"no \\\"x\\\"\\n\\u00e9\"}";

    assertThat(ServiceClient.stringField(json, "code")).isEqualTo("FunctionNotFound");
    assertThat(ServiceClient.stringField(json, "detail")).isEqualTo("no \"x\"\né");
    assertThat(ServiceClient.stringField(json, "status")).isNull();
    assertThat(ServiceClient.stringField(json, "missing")).isNull();
  }

  @Test
  void failsAsUnavailable_whenTheServerCannotBeReached() {
    ServiceClient client = new ServiceClient(URI.create("http://127.0.0.1:1"), "token", "demo");

    assertThatThrownBy(() -> client.invoke("echo", "{}"))
        .isInstanceOfSatisfying(InvocationException.class,
            e -> assertThat(e.errorType()).isEqualTo("Unavailable"));
  }
}
