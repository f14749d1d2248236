package io.cumulo.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cumulo.core.CumuloException;
import io.cumulo.core.Platform;
import io.cumulo.core.channels.ChannelHub;
import io.cumulo.core.deploy.AppDeployer.Deployment;
import io.cumulo.core.logs.LogLine;
import io.cumulo.core.runtime.FunctionStatus;
import io.cumulo.core.runtime.InvocationRequest;
import io.cumulo.core.runtime.InvocationResult;
import io.cumulo.core.state.DeadLetter;
import io.cumulo.core.state.DeployedApp;
import io.cumulo.core.state.InvocationRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The admin API under {@code /admin/v1}: deploy and list apps, invoke functions, read logs,
 * invocation records and dead letters, publish to an app's channels. Every call needs the admin
 * bearer token. The CLI is its main client; the routes are listed in README.md.
 */
final class AdminApi {
  /** The largest app bundle accepted by a deploy. */
  static final long MAX_BUNDLE_BYTES = 256L << 20;
  /** The largest input of a synchronous invoke (as AWS Lambda's). */
  static final long MAX_SYNC_INPUT_BYTES = 6L << 20;
  /** The largest input of an asynchronous invoke: it is stored in the event log. */
  static final long MAX_ASYNC_INPUT_BYTES = 1L << 20;
  private static final int MAX_LIST_LIMIT = 10_000;
  /** The largest reported table change: a row image is at most 256 KiB, and a change has two. */
  static final long MAX_TABLE_CHANGE_BYTES = 600L << 10;
  private static final String PREFIX = "/admin/v1/";

  /** How often an idle log stream sends a newline, which is also how a gone client is noticed. */
  private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(15);

  private final Platform platform;
  private final ApiKeysApi keys;
  private final WorkflowsApi workflows;
  private volatile boolean closing;

  AdminApi(Platform platform, ApiKeys keys) {
    this.platform = platform;
    this.keys = new ApiKeysApi(platform, keys);
    this.workflows = new WorkflowsApi(platform);
  }

  /** Ends open log streams, so the server can stop without waiting for their clients. */
  void close() {
    closing = true;
  }

  /** Handles an authenticated request whose path starts with {@code /admin/v1/}. */
  void handle(HttpExchange x) throws Exception {
    String[] parts = x.path().substring(PREFIX.length()).split("/", -1);
    String method = x.method();
    switch (parts[0]) {
      case "apps" -> {
        if (parts.length == 1 && method.equals("POST")) {
          deploy(x);
        } else if (parts.length == 1 && method.equals("GET")) {
          listApps(x);
        } else if (parts.length == 2 && method.equals("DELETE")) {
          platform.deployer().undeploy(parts[1]);
          x.sendEmpty(204);
        } else if (parts.length >= 3 && parts[2].equals("keys")) {
          keys.handle(x, parts);
        } else if (parts.length == 5 && parts[2].equals("tables") && parts[4].equals("changes")) {
          requireMethod(x, "POST", () -> reportTableChange(x, parts[1], parts[3]));
        } else if (parts.length == 5 && parts[2].equals("workflows") && parts[4].equals("executions")
            || parts.length == 3 && parts[2].equals("executions")) {
          workflows.handleApp(x, parts);
        } else if (parts.length == 4 && parts[2].equals("channels")) {
          requireMethod(x, "POST", () -> publish(x, parts[1], parts[3]));
        } else {
          notFoundOrMethod(x, parts.length <= 2);
        }
      }
      case "functions" -> {
        if (parts.length < 4) {
          throw notFound(x);
        }
        String function = parts[1] + "/" + parts[2];
        String action = String.join("/", java.util.Arrays.copyOfRange(parts, 3, parts.length));
        switch (action) {
          case "invoke" -> requireMethod(x, "POST", () -> invoke(x, function));
          case "logs" -> requireMethod(x, "GET", () -> logs(x, function));
          case "dlq" -> requireMethod(x, "GET", () -> deadLetters(x, function));
          case "dlq/replay" -> requireMethod(x, "POST", () -> replay(x, function));
          default -> throw notFound(x);
        }
      }
      case "executions" -> {
        if (parts.length < 2 || parts[1].isEmpty()) {
          throw notFound(x);
        }
        workflows.handleExecution(x, parts);
      }
      case "invocations" -> {
        if (parts.length != 2) {
          throw notFound(x);
        }
        requireMethod(x, "GET", () -> invocation(x, parts[1]));
      }
      default -> throw notFound(x);
    }
  }

  private interface Action {
    void run() throws Exception;
  }

  private static void requireMethod(HttpExchange x, String method, Action action) throws Exception {
    if (!x.method().equals(method)) {
      throw new CumuloException(405, "MethodNotAllowed", x.method() + " is not allowed on " + x.path()
          + "; use " + method);
    }
    action.run();
  }

  private static void notFoundOrMethod(HttpExchange x, boolean pathExists) {
    if (pathExists) {
      throw new CumuloException(405, "MethodNotAllowed", x.method() + " is not allowed on " + x.path());
    }
    throw notFound(x);
  }

  private static CumuloException notFound(HttpExchange x) {
    return CumuloException.notFound("NotFound", "no admin API route " + x.method() + " " + x.path());
  }

  private void deploy(HttpExchange x) throws IOException {
    Deployment deployment = platform.deployer().deploy(x.body(MAX_BUNDLE_BYTES));
    x.sendJson(200, Map.of("name", deployment.name(), "version", deployment.version(),
        "functions", deployment.functions()));
  }

  /**
   * A service reports a change of one of its own tables (see {@code ServiceClient.reportChange}):
   * stored durably for the app's table triggers before the 202.
   */
  private void reportTableChange(HttpExchange x, String app, String table) throws IOException {
    if (platform.state().app(app).isEmpty()) {
      throw CumuloException.notFound("AppNotFound", "no app " + app + " is deployed");
    }
    if (platform.tables() == null) {
      throw new CumuloException(501, "NotAvailable", "this node keeps no tables");
    }
    JsonNode change;
    try {
      change = HttpExchange.JSON.readTree(x.body(MAX_TABLE_CHANGE_BYTES));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw CumuloException.badRequest("InvalidChange", "the change is not valid JSON: " + e.getOriginalMessage());
    }
    if (change == null || !change.isObject() || !change.path("operation").isTextual() || !change.path("key").isTextual()) {
      throw CumuloException.badRequest("InvalidChange",
          "a change is a JSON object with operation, key, newImage and oldImage");
    }
    String source = change.path("source").isTextual() ? change.path("source").asText() : "service";
    try {
      platform.tables().report(app, table, source, change.path("operation").asText(),
          change.path("key").asText(), image(change.get("newImage")), image(change.get("oldImage")));
    } catch (IllegalArgumentException e) {
      throw CumuloException.badRequest("InvalidChange", e.getMessage());
    }
    x.sendJson(202, Map.of("accepted", true));
  }

  private static String image(JsonNode node) {
    return node == null || node.isNull() ? null : node.toString();
  }

  /**
   * Publishes the body, a JSON value, to the app's channel, compacted to one line; answers its
   * event id as text (ids outgrow JavaScript's exact integers).
   */
  private void publish(HttpExchange x, String app, String channel) throws IOException {
    if (platform.state().app(app).isEmpty()) {
      throw CumuloException.notFound("AppNotFound", "no app named " + app + " is deployed");
    }
    if (!ChannelHub.isChannelName(channel)) {
      throw CumuloException.badRequest("InvalidChannelName", "'" + channel + "' is not a channel name;"
          + " a channel name is " + ChannelHub.NAME_RULE);
    }
    JsonNode event;
    try {
      event = HttpExchange.JSON.readerFor(JsonNode.class)
          .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .readValue(x.body(ChannelHub.MAX_EVENT_CHARS));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw CumuloException.badRequest("InvalidJson", "the body is not a JSON value: "
          + e.getOriginalMessage());
    }
    if (event == null || event.isMissingNode()) {
      throw CumuloException.badRequest("InvalidJson", "the body is empty; send the event as a JSON value");
    }
    long id = platform.channels().publish(app, channel, HttpExchange.JSON.writeValueAsString(event));
    x.sendJson(202, Map.of("id", Long.toString(id)));
  }

  private void listApps(HttpExchange x) throws IOException {
    Map<String, List<Map<String, Object>>> byApp = new LinkedHashMap<>();
    for (FunctionStatus s : platform.runtime().status()) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("name", s.spec().name());
      f.put("qualifiedName", s.app() + "/" + s.spec().name());
      f.put("instances", s.pool().instances());
      f.put("warm", s.pool().warm());
      f.put("busy", s.pool().busy());
      f.put("queued", s.pool().queued());
      f.put("pendingEvents", s.pendingEvents());
      f.put("invocations", s.invocations());
      f.put("errors", s.errors());
      f.put("coldStarts", s.coldStarts());
      f.put("billedGbSeconds", s.billedGbSeconds());
      f.put("maxInstances", s.spec().maxInstances());
      f.put("memoryMb", s.spec().memoryMb());
      byApp.computeIfAbsent(s.app(), a -> new ArrayList<>()).add(f);
    }
    Map<String, List<Map<String, Object>>> servicesByApp = ServiceStatusJson.byApp(platform.services().status());
    List<Map<String, Object>> apps = new ArrayList<>();
    for (DeployedApp app : platform.state().apps()) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("name", app.name());
      a.put("version", app.version());
      a.put("deployedAt", app.deployedAt());
      a.put("functions", byApp.getOrDefault(app.name(), List.of()));
      a.put("services", servicesByApp.getOrDefault(app.name(), List.of()));
      apps.add(a);
    }
    x.sendJson(200, Map.of("apps", apps));
  }

  private void invoke(HttpExchange x, String function) throws IOException {
    boolean async = "Event".equalsIgnoreCase(x.header("X-Cumulo-Invocation-Type"));
    byte[] input = x.body(async ? MAX_ASYNC_INPUT_BYTES : MAX_SYNC_INPUT_BYTES);
    if (input.length == 0) {
      input = "{}".getBytes(StandardCharsets.UTF_8);
    }
    if (async) {
      String id = platform.runtime().invokeAsync(function, input);
      x.sendJson(202, Map.of("invocationId", id));
      return;
    }
    InvocationResult result = platform.runtime().invoke(function, input, InvocationRequest.fresh());
    x.response.getHeaders().put("X-Cumulo-Invocation-Id", result.invocationId());
    x.response.getHeaders().put("X-Cumulo-Cold-Start", String.valueOf(result.coldStart()));
    x.response.getHeaders().put("X-Cumulo-Billed-Mb-Ms", String.valueOf(result.billedMbMs()));
    x.send(200, "application/json", result.output());
  }

  private void invocation(HttpExchange x, String id) throws IOException {
    // Pending first: an event's record is written before the event is completed, so an event
    // found not pending has its record (or dead letter) by now; the other order has a gap.
    boolean pending = platform.events().isPending(id);
    var record = platform.recorder().find(id);
    if (record.isPresent()) {
      InvocationRecord r = record.get();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("id", r.id());
      body.put("function", r.function());
      body.put("status", pending ? "retrying" : r.outcome());
      body.put("attempt", r.attempt());
      body.put("start", r.start());
      body.put("durationMicros", r.durationMicros());
      body.put("coldStart", r.coldStart());
      body.put("billedMbMs", r.billedMbMs());
      body.put("errorType", r.errorType());
      body.put("errorMessage", r.errorMessage());
      body.put("deadLettered", platform.state().deadLetter(id).isPresent());
      x.sendJson(200, body);
    } else if (pending) {
      x.sendJson(200, Map.of("id", id, "status", "queued"));
    } else if (platform.state().deadLetter(id).isPresent()) {
      DeadLetter letter = platform.state().deadLetter(id).get();
      x.sendJson(200, Map.of("id", id, "function", letter.function(), "status", "failed",
          "deadLettered", true, "errorType", letter.errorType(), "errorMessage", letter.errorMessage()));
    } else {
      throw CumuloException.notFound("InvocationNotFound", "no invocation " + id + " is known");
    }
  }

  private void logs(HttpExchange x, String function) throws Exception {
    requireFunctionName(function);
    Instant since = parseSince(x.query("since"));
    int limit = parseLimit(x.query("limit"), 1_000);
    boolean follow = "true".equalsIgnoreCase(x.query("follow"));
    List<LogLine> lines = platform.logs().read(function, since, limit);
    if (!follow) {
      StringBuilder out = new StringBuilder();
      for (LogLine line : lines) {
        out.append(toJson(line)).append('\n');
      }
      x.send(200, "application/x-ndjson", out.toString().getBytes(StandardCharsets.UTF_8));
      return;
    }
    // Subscribe before writing the backlog so no line falls between the two; duplicates are
    // dropped by comparing with the last backlog line's time.
    LinkedBlockingQueue<LogLine> live = new LinkedBlockingQueue<>(10_000);
    try (AutoCloseable subscription = platform.logs().follow(function, live::offer);
        OutputStream out = x.stream(200, "application/x-ndjson")) {
      Instant lastSent = Instant.MIN;
      for (LogLine line : lines) {
        out.write((toJson(line) + "\n").getBytes(StandardCharsets.UTF_8));
        lastSent = line.time();
      }
      out.flush();
      long lastWrite = System.nanoTime();
      while (!closing) {
        LogLine line = live.poll(500, TimeUnit.MILLISECONDS);
        if (line != null && (line.time().isAfter(lastSent) || !lines.contains(line))) {
          out.write((toJson(line) + "\n").getBytes(StandardCharsets.UTF_8));
        } else if (System.nanoTime() - lastWrite > KEEP_ALIVE_NANOS) {
          out.write('\n');
        } else {
          continue;
        }
        out.flush();
        lastWrite = System.nanoTime();
      }
    } catch (IOException clientGone) {
      // Nothing to tell a client that is gone.
    }
    x.callback.succeeded();
  }

  private static String toJson(LogLine line) throws IOException {
    ObjectNode node = HttpExchange.JSON.createObjectNode();
    node.put("time", line.time().toString());
    node.put("invocationId", line.invocationId());
    node.put("level", line.level());
    node.put("message", line.message());
    return HttpExchange.JSON.writeValueAsString(node);
  }

  private void deadLetters(HttpExchange x, String function) throws IOException {
    requireFunctionName(function);
    int limit = parseLimit(x.query("limit"), 100);
    ArrayNode letters = HttpExchange.JSON.createArrayNode();
    for (DeadLetter letter : platform.state().deadLetters(function, limit)) {
      ObjectNode node = letters.addObject();
      node.put("eventId", letter.eventId());
      node.put("kind", letter.kind());
      node.put("createdAt", letter.createdAt().toString());
      node.put("failedAt", letter.failedAt().toString());
      node.put("attempts", letter.attempts());
      node.put("errorType", letter.errorType());
      node.put("errorMessage", letter.errorMessage());
      node.set("payload", payloadAsJson(letter.payload()));
    }
    ObjectNode body = HttpExchange.JSON.createObjectNode();
    body.set("deadLetters", letters);
    x.sendJson(200, body);
  }

  private static JsonNode payloadAsJson(byte[] payload) {
    try {
      return HttpExchange.JSON.readTree(payload);
    } catch (IOException e) {
      return HttpExchange.JSON.getNodeFactory().textNode(new String(payload, StandardCharsets.UTF_8));
    }
  }

  private void replay(HttpExchange x, String function) throws IOException {
    requireFunctionName(function);
    JsonNode body;
    try {
      body = HttpExchange.JSON.readTree(x.body(1 << 20));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw CumuloException.badRequest("InvalidRequest", "the body is not JSON; send {\"all\":true} or {\"eventIds\":[...]}");
    }
    List<DeadLetter> letters = new ArrayList<>();
    if (body != null && body.path("all").asBoolean(false)) {
      letters.addAll(platform.state().deadLetters(function, Integer.MAX_VALUE));
    } else if (body != null && body.path("eventIds").isArray()) {
      for (JsonNode id : body.get("eventIds")) {
        DeadLetter letter = platform.state().deadLetter(id.asText())
            .filter(l -> l.function().equals(function))
            .orElseThrow(() -> CumuloException.notFound("DeadLetterNotFound",
                "no dead letter " + id.asText() + " for " + function));
        letters.add(letter);
      }
    } else {
      throw CumuloException.badRequest("InvalidRequest", "send {\"all\":true} or {\"eventIds\":[...]}");
    }
    x.sendJson(200, Map.of("replayed", platform.dispatcher().replay(letters)));
  }

  private static void requireFunctionName(String function) {
    if (!function.matches("[a-z][a-z0-9-]{0,62}/[a-z][a-z0-9-]{0,62}")) {
      throw CumuloException.badRequest("InvalidName", "'" + function + "' is not a function name; use APP/FUNCTION");
    }
  }

  /** {@code since} is an ISO-8601 instant or a duration back from now like {@code 10m}. */
  private static Instant parseSince(String since) {
    if (since == null || since.isBlank()) {
      return Instant.EPOCH;
    }
    try {
      if (since.matches("\\d+(ms|s|m|h|d)")) {
        return Instant.now().minus(parseDuration(since));
      }
      return Instant.parse(since);
    } catch (DateTimeParseException e) {
      throw CumuloException.badRequest("InvalidRequest",
          "since='" + since + "' is neither an ISO-8601 instant nor a duration like 10m");
    }
  }

  private static Duration parseDuration(String text) {
    int split = text.length() - (text.endsWith("ms") ? 2 : 1);
    long amount = Long.parseLong(text.substring(0, split));
    return switch (text.substring(split)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  private static int parseLimit(String limit, int defaultLimit) {
    if (limit == null) {
      return defaultLimit;
    }
    try {
      int value = Integer.parseInt(limit);
      if (value >= 1 && value <= MAX_LIST_LIMIT) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw CumuloException.badRequest("InvalidRequest", "limit must be 1.." + MAX_LIST_LIMIT + ", not '" + limit + "'");
  }
}
