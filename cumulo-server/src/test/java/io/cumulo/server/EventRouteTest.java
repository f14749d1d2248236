package io.cumulo.server;

import static io.cumulo.server.TestApps.function;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cumulo.api.ServiceClient;
import io.cumulo.core.channels.ChannelHub;
import io.cumulo.gateway.EventStreamConfig;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code events:} routes: server-sent events from the admin API and from functions. */
@Timeout(60)
class EventRouteTest {
  @RegisterExtension final RunningServer server = new RunningServer().withEventStreams(
      EventStreamConfig.defaults().withHeartbeat(Duration.ofMillis(100)).withQueueEvents(5).withMaxStreamsPerApp(3));
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static final String APP = "name: live\nfunctions:\n"
      + function("publish", "Publish")
      + """
      routes:
        - {path: /status, events: status, cors: {origins: ['*']}}
        - {path: /private, events: secret, auth: apiKey}
      """;

  private SseClient subscribe(String path, String... headers) {
    return SseClient.open(http, server.uri().resolve(path), headers);
  }

  private String publish(String channel, String json) {
    HttpResponse<String> response = server.post("/admin/v1/apps/live/channels/" + channel, json,
        "Content-Type", "application/json");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return RunningServer.json(response).get("id").asText();
  }

  private ChannelHub hub() {
    return server.server().platform().channels();
  }

  @Test
  void streamsEventsInOrder_whenTheAdminApiAFunctionAndAServicePublish() throws Exception {
    server.deploy(APP);
    try (SseClient client = subscribe("/apps/live/status", "Origin", "https://watch.example")) {
      String first = publish("status", "{\n  \"from\": \"admin\"\n}");
      HttpResponse<String> invoked = server.invoke("live/publish", "{\"channel\":\"status\",\"count\":2}");
      new ServiceClient(server.uri(), server.token(), "live").publish("status", "\"done\"");

      assertThat(client.status()).isEqualTo(200);
      assertThat(client.response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
      assertThat(client.response.headers().firstValue("Cache-Control")).hasValue("no-cache");
      assertThat(client.response.headers().firstValue("X-Accel-Buffering")).hasValue("no");
      assertThat(client.response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
      assertThat(invoked.statusCode()).as(invoked.body()).isEqualTo(200);
      List<String> functionIds = new ArrayList<>();
      RunningServer.json(invoked).forEach(id -> functionIds.add(id.asText()));
      List<SseClient.Event> received = List.of(client.next(), client.next(), client.next(), client.next());
      String last = received.get(3).id();
      assertThat(received).extracting(SseClient.Event::id)
          .containsExactly(first, functionIds.get(0), functionIds.get(1), last);
      assertThat(received).extracting(SseClient.Event::data).containsExactly("{\"from\":\"admin\"}",
          "{\"from\":\"function\",\"n\":1}", "{\"from\":\"function\",\"n\":2}", "\"done\"");
      assertThat(Long.parseLong(last)).isGreaterThan(Long.parseLong(first));
    }
  }

  @Test
  void splitsMultiLineDataIntoDataLines_andSendsHeartbeats() throws Exception {
    server.deploy(APP);
    try (SseClient client = subscribe("/apps/live/status")) {
      RunningServer.await(Duration.ofSeconds(5), "the subscription", () -> hub().subscribers("live", "status") == 1);
      hub().publish("live", "status", "[1,\n2]");

      assertThat(client.next().data()).isEqualTo("[1,\n2]");
      RunningServer.await(Duration.ofSeconds(5), "heartbeats", () -> client.comments() >= 3);
    }
  }

  @Test
  void replaysMissedEvents_whenTheClientReconnectsWithLastEventId() throws Exception {
    server.deploy(APP);
    String seen;
    try (SseClient client = subscribe("/apps/live/status")) {
      seen = publish("status", "{\"n\":1}");
      assertThat(client.next().id()).isEqualTo(seen);
    }
    String missed2 = publish("status", "{\"n\":2}");
    String missed3 = publish("status", "{\"n\":3}");

    try (SseClient header = subscribe("/apps/live/status", "Last-Event-ID", seen);
        SseClient query = subscribe("/apps/live/status?lastEventId=" + missed2)) {
      assertThat(List.of(header.next().id(), header.next().id())).containsExactly(missed2, missed3);
      assertThat(query.next().id()).isEqualTo(missed3);
      String live = publish("status", "{\"n\":4}");
      assertThat(header.next().id()).isEqualTo(live);
      assertThat(query.next().id()).isEqualTo(live);
    }
    HttpResponse<String> bad = server.anonymous("GET", "/apps/live/status", null, "Last-Event-ID", "yesterday");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("InvalidLastEventId");
  }

  @Test
  void releasesTheSubscription_whenTheClientDisconnects() throws Exception {
    server.deploy(APP);
    SseClient client = subscribe("/apps/live/status");
    RunningServer.await(Duration.ofSeconds(5), "the subscription", () -> hub().subscribers("live", "status") == 1);

    client.close();

    // The next heartbeat (100 ms here) finds the connection gone.
    RunningServer.await(Duration.ofSeconds(5), "the subscription to end", () -> hub().subscribers("live", "status") == 0);
  }

  @Test
  void dropsASlowClient_withoutBlockingPublishers() throws Exception {
    server.deploy(APP);
    URI uri = server.uri();
    try (Socket stalled = new Socket(uri.getHost(), uri.getPort())) {
      stalled.setReceiveBufferSize(4096);
      OutputStream out = stalled.getOutputStream();
      out.write(("GET /apps/live/status HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      RunningServer.await(Duration.ofSeconds(5), "the subscription", () -> hub().subscribers("live", "status") == 1);
      String big = "\"" + "x".repeat(60_000) + "\"";

      long start = System.nanoTime();
      for (int i = 0; i < 300; i++) {
        hub().publish("live", "status", big);
      }
      Duration publishing = Duration.ofNanos(System.nanoTime() - start);

      // 18 MB cannot fit the socket buffers, so the client falls more than 5 events behind.
      assertThat(publishing).isLessThan(Duration.ofSeconds(5));
      RunningServer.await(Duration.ofSeconds(5), "the slow client to be dropped",
          () -> hub().subscribers("live", "status") == 0);
      InputStream in = stalled.getInputStream();
      stalled.setSoTimeout(10_000);
      while (in.read(new byte[65_536]) >= 0) {
        // Drain what was sent before the connection was closed; the end proves it was.
      }
    }
    try (SseClient fresh = subscribe("/apps/live/status")) {
      assertThat(fresh.status()).isEqualTo(200);
    }
  }

  @Test
  void refusesMoreStreamsThanTheAppMayHave_with503AndRetryAfter() throws Exception {
    server.deploy(APP);
    List<SseClient> open = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        open.add(subscribe("/apps/live/status"));
      }
      try (SseClient refused = subscribe("/apps/live/status")) {
        assertThat(open).extracting(SseClient::status).containsOnly(200);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.response.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      }
    } finally {
      for (SseClient client : open) {
        client.close();
      }
    }
  }

  @Test
  void requiresAnApiKey_whenTheRouteSaysSo() throws Exception {
    server.deploy(APP);
    String key = RunningServer.json(server.post("/admin/v1/apps/live/keys", "{\"name\":\"watcher\"}")).get("key").asText();

    HttpResponse<String> missing = server.anonymous("GET", "/apps/live/private", null);
    try (SseClient keyed = subscribe("/apps/live/private", "x-api-key", key)) {
      String id = publish("secret", "{\"ok\":true}");

      assertThat(missing.statusCode()).isEqualTo(401);
      assertThat(hub().subscribers("live", "secret")).isEqualTo(1);
      assertThat(keyed.next().id()).isEqualTo(id);
    }
  }

  @Test
  void endsStreams_whenTheAppIsUndeployed() throws Exception {
    server.deploy(APP);
    try (SseClient client = subscribe("/apps/live/status")) {
      RunningServer.await(Duration.ofSeconds(5), "the subscription", () -> hub().subscribers("live", "status") == 1);

      assertThat(server.send("DELETE", "/admin/v1/apps/live", null).statusCode()).isEqualTo(204);

      RunningServer.await(Duration.ofSeconds(5), "the stream to end", client::ended);
      assertThat(hub().subscribers("live", "status")).isZero();
    }
  }

  @Test
  void endsStreams_whenTheAppIsRedeployed_andTheReconnectMissesNothing() throws Exception {
    server.deploy(APP);
    String seen;
    try (SseClient client = subscribe("/apps/live/status")) {
      seen = publish("status", "{\"n\":1}");
      assertThat(client.next().id()).isEqualTo(seen);

      server.deploy(APP.replace("events: status,", "events: status, auth: apiKey,"));

      RunningServer.await(Duration.ofSeconds(5), "the stream to end", client::ended);
    }
    String missed = publish("status", "{\"n\":2}");
    String key = RunningServer.json(server.post("/admin/v1/apps/live/keys", "{\"name\":\"w\"}")).get("key").asText();
    try (SseClient again = subscribe("/apps/live/status", "Last-Event-ID", seen, "x-api-key", key)) {
      assertThat(server.anonymous("GET", "/apps/live/status", null).statusCode()).isEqualTo(401);
      assertThat(again.next().id()).isEqualTo(missed);
    }
  }

  @Test
  void endsStreams_whenTheServerStops() throws Exception {
    server.deploy(APP);
    try (SseClient client = subscribe("/apps/live/status")) {
      RunningServer.await(Duration.ofSeconds(5), "the subscription", () -> hub().subscribers("live", "status") == 1);
      long start = System.nanoTime();

      server.server().close();

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      RunningServer.await(Duration.ofSeconds(5), "the stream to end", client::ended);
      assertThat(hub().subscribers("live", "status")).isZero();
    }
  }

  @Test
  void refusesBadPublishes_withProblems() {
    server.deploy(APP);

    HttpResponse<String> unknownApp = server.post("/admin/v1/apps/nope/channels/status", "{}");
    HttpResponse<String> badJson = server.post("/admin/v1/apps/live/channels/status", "{\"a\":");
    HttpResponse<String> trailing = server.post("/admin/v1/apps/live/channels/status", "{} {}");
    HttpResponse<String> badName = server.post("/admin/v1/apps/live/channels/Status", "{}");
    HttpResponse<String> tooBig = server.post("/admin/v1/apps/live/channels/status",
        "\"" + "x".repeat(70_000) + "\"");
    HttpResponse<String> wrongMethod = server.get("/admin/v1/apps/live/channels/status");

    assertThat(unknownApp.statusCode()).isEqualTo(404);
    for (HttpResponse<String> bad : List.of(badJson, trailing, badName)) {
      assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
      assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
    assertThat(RunningServer.json(badName).get("code").asText()).isEqualTo("InvalidChannelName");
    assertThat(tooBig.statusCode()).isEqualTo(413);
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
  }

  @Test
  void refusesOtherMethods_onAnEventsRoute() {
    server.deploy(APP);

    HttpResponse<String> post = server.anonymous("POST", "/apps/live/status", "{}".getBytes(StandardCharsets.UTF_8));

    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    JsonNode problem = RunningServer.json(post);
    assertThat(problem.get("code").asText()).isEqualTo("MethodNotAllowed");
  }
}
