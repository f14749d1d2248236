package io.cumulo.server;

import static io.cumulo.server.TestApps.function;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Routes to functions: matching, the proxy event and response shapes, async and failures. */
@Timeout(60)
class RouteTest {
  @RegisterExtension final RunningServer server = new RunningServer();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static final String APP = "name: web\nfunctions:\n"
      + function("echo", "HttpEcho")
      + function("typed", "HttpTyped")
      + function("plain", "Echo")
      + function("fail", "Fail")
      + function("hang", "Hang", "timeout: 5s", "maxInstances: 1")
      + """
      routes:
        - {path: '/api/images/{id}', method: [GET, DELETE], function: echo}
        - {path: '/api/images/{id}', method: PUT, function: typed}
        - {path: /api/images/latest, method: GET, function: typed}
        - {path: '/files/**', function: echo}
        - {path: '/raw/{rest+}', function: typed}
        - {path: /plain, function: plain}
        - {path: /fail, function: fail}
        - {path: /hang, function: hang, timeout: 300ms}
        - {path: /later, method: POST, function: echo, async: true}
        - {path: /small, method: POST, function: echo, maxBodyBytes: 100}
      """;

  HttpResponse<String> call(String method, String path, byte[] body, String... headers) {
    return server.anonymous(method, path, body, headers);
  }

  @Test
  void passesTheProxyEventAndReturnsTheProxyResponse_whenAMapHandlerServesTheRoute() {
    server.deploy(APP);

    HttpResponse<String> response = call("GET", "/apps/web/api/images/42?size=s&tag=a&tag=b&status=207", null,
        "X-Request-Id", "trace-1.2_3");

    assertThat(response.statusCode()).isEqualTo(207);
    assertThat(response.headers().firstValue("x-echo")).hasValue("yes");
    assertThat(response.headers().firstValue("X-Request-Id")).hasValue("trace-1.2_3");
    JsonNode seen = RunningServer.json(response);
    assertThat(seen.get("method").asText()).isEqualTo("GET");
    assertThat(seen.get("path").asText()).isEqualTo("/api/images/42");
    assertThat(seen.get("resource").asText()).isEqualTo("/api/images/{id}");
    assertThat(seen.get("pathParameters").get("id").asText()).isEqualTo("42");
    assertThat(seen.get("query").get("tag").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(seen.get("requestId").asText()).isEqualTo("trace-1.2_3");
    assertThat(seen.get("identity").get("sourceIp").asText()).isEqualTo("127.0.0.1");
    assertThat(seen.get("body").isNull()).isTrue();
  }

  @Test
  void prefersLiteralSegments_andMatchesWildcards() {
    server.deploy(APP);

    assertThat(RunningServer.json(call("GET", "/apps/web/api/images/latest", null)).get("id").isNull()).isTrue();
    JsonNode files = RunningServer.json(call("GET", "/apps/web/files/a/b/c.txt", null));
    assertThat(files.get("pathParameters").get("proxy").asText()).isEqualTo("a/b/c.txt");
    assertThat(files.get("resource").asText()).isEqualTo("/files/**");
    assertThat(call("GET", "/apps/web/files", null).statusCode()).isEqualTo(404);
  }

  @Test
  void answers404And405AsProblems_whenNoRouteOrMethodFits() {
    server.deploy(APP);

    HttpResponse<String> missing = call("GET", "/apps/web/nothing/here", null);
    HttpResponse<String> noApp = call("GET", "/apps/nope/x", null);
    HttpResponse<String> wrongMethod = call("POST", "/apps/web/api/images/42", "{}".getBytes());

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(noApp.statusCode()).isEqualTo(404);
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("DELETE, GET, PUT");
    assertThat(RunningServer.json(wrongMethod).get("code").asText()).isEqualTo("MethodNotAllowed");
  }

  @Test
  void convertsTypedRecords_whenTheHandlerTakesHttpRequestAndReturnsHttpResponse() {
    server.deploy(APP);

    HttpResponse<String> response = call("PUT", "/apps/web/api/images/7", "{\"a\":1}".getBytes(),
        "Content-Type", "application/json");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = RunningServer.json(response);
    assertThat(body.get("id").asText()).isEqualTo("7");
    assertThat(body.get("requestId").asText()).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    assertThat(body.get("contextRequestId").asText()).isEqualTo(body.get("requestId").asText());
  }

  @Test
  void roundTripsBinaryBodiesAsBase64_whenTheContentTypeIsNotText() throws Exception {
    server.deploy(APP);
    byte[] png = new byte[70_000];
    for (int i = 0; i < png.length; i++) {
      png[i] = (byte) (i * 31);
    }

    HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(server.uri().resolve("/apps/web/raw/x/y.png"))
        .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(png)).build(),
        HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(Arrays.equals(response.body(), png)).isTrue();
  }

  @Test
  void answers200WithTheResultAsJson_whenTheHandlerReturnsANonProxyObject() {
    server.deploy(APP);

    HttpResponse<String> response = call("POST", "/apps/web/plain", "hello".getBytes(), "Content-Type", "text/plain");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(RunningServer.json(response).get("body").asText()).isEqualTo("hello");
    assertThat(RunningServer.json(response).get("httpMethod").asText()).isEqualTo("POST");
  }

  @Test
  void accepts202AndRecordsTheInvocation_whenTheRouteIsAsyncOrTheClientAsks() {
    server.deploy(APP);

    HttpResponse<String> routeAsync = call("POST", "/apps/web/later", "{}".getBytes());
    HttpResponse<String> clientAsync = call("GET", "/apps/web/api/images/1", null,
        "X-Cumulo-Invocation-Type", "Event");

    assertThat(routeAsync.statusCode()).isEqualTo(202);
    assertThat(clientAsync.statusCode()).isEqualTo(202);
    String id = RunningServer.json(routeAsync).get("invocationId").asText();
    RunningServer.await(Duration.ofSeconds(10), "async route invocation recorded",
        () -> server.get("/admin/v1/invocations/" + id).statusCode() == 200);
    assertThat(RunningServer.json(server.get("/admin/v1/invocations/" + id)).toString()).contains("web/echo");
  }

  @Test
  void mapsFunctionFailuresToProblems_whenTheHandlerThrowsOrHangs() {
    server.deploy(APP);

    HttpResponse<String> failed = call("GET", "/apps/web/fail", null);
    HttpResponse<String> hung = call("GET", "/apps/web/hang", null);
    HttpResponse<String> hungAgain = call("GET", "/apps/web/hang", null);

    assertThat(failed.statusCode()).isEqualTo(502);
    assertThat(RunningServer.json(failed).get("code").asText()).isEqualTo("HandlerError");
    assertThat(hung.statusCode()).isEqualTo(504);
    assertThat(RunningServer.json(hung).get("code").asText()).isEqualTo("Timeout");
    // maxInstances 1: the second call only gets an instance because the hung one was recycled.
    assertThat(hungAgain.statusCode()).isEqualTo(504);
    assertThat(server.server().platform().runtime().poolStats("web/hang").abandoned()).isEqualTo(2);
  }

  @Test
  void answers413_whenTheBodyIsOverTheRouteLimit() {
    server.deploy(APP);

    HttpResponse<String> declared = call("POST", "/apps/web/small", new byte[101]);
    HttpResponse<String> fits = call("POST", "/apps/web/small", new byte[100], "Content-Type", "application/octet-stream");

    assertThat(declared.statusCode()).isEqualTo(413);
    assertThat(RunningServer.json(declared).get("code").asText()).isEqualTo("PayloadTooLarge");
    assertThat(fits.statusCode()).isEqualTo(200);
  }

  @Test
  void servesTheNewRoutesOnly_afterARedeployAndNoneAfterUndeploy() {
    server.deploy(APP);
    server.deploy(APP.replace("path: /plain", "path: /plain2"));

    assertThat(call("GET", "/apps/web/plain", null).statusCode()).isEqualTo(404);
    assertThat(call("GET", "/apps/web/plain2", null).statusCode()).isEqualTo(200);
    assertThat(server.send("DELETE", "/admin/v1/apps/web", null).statusCode()).isEqualTo(204);
    assertThat(call("GET", "/apps/web/plain2", null).statusCode()).isEqualTo(404);
  }
}
