package io.cumulo.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.cumulo.core.CumuloException;
import io.cumulo.core.Platform;
import io.cumulo.core.workflows.ExecutionRecord;
import io.cumulo.core.workflows.HistoryEntry;
import io.cumulo.core.workflows.Workflows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API's workflow routes:
 *
 * <ul>
 *   <li>{@code POST /admin/v1/apps/{app}/workflows/{wf}/executions[?name=]}: start one, the body is
 *       its input (default {@code {}}); 201 with the execution
 *   <li>{@code GET /admin/v1/apps/{app}/workflows/{wf}/executions?status=&limit=} and {@code GET
 *       /admin/v1/apps/{app}/executions?...}: list them, newest first
 *   <li>{@code GET /admin/v1/executions/{id}}: describe one
 *   <li>{@code GET /admin/v1/executions/{id}/history?after=&limit=}: its history events
 *   <li>{@code POST /admin/v1/executions/{id}/stop}: stop it, the body may be {@code {"cause":"..."}}
 * </ul>
 */
final class WorkflowsApi {
  private static final long MAX_INPUT_BYTES = 256 * 1024;
  private static final long MAX_STOP_BYTES = 4096;
  private static final int DEFAULT_LIMIT = 100;
  private static final int DEFAULT_HISTORY_LIMIT = 1_000;

  private final Platform platform;

  WorkflowsApi(Platform platform) {
    this.platform = platform;
  }

  private Workflows workflows() {
    if (platform.workflows() == null) {
      throw CumuloException.unavailable("WorkflowsUnavailable", "this server runs no workflows");
    }
    return platform.workflows();
  }

  /** {@code parts} = {@code apps, <app>, workflows, <wf>, executions} or {@code apps, <app>, executions}. */
  void handleApp(HttpExchange x, String[] parts) throws IOException {
    String app = parts[1];
    if (parts.length == 3 && x.method().equals("GET")) {
      list(x, app, null);
    } else if (parts.length == 5 && x.method().equals("GET")) {
      list(x, app, parts[3]);
    } else if (parts.length == 5 && x.method().equals("POST")) {
      byte[] body = x.body(MAX_INPUT_BYTES);
      ExecutionRecord started = workflows().start(app, parts[3], x.query("name"),
          new String(body, StandardCharsets.UTF_8));
      x.sendJson(201, describe(started));
    } else {
      throw new CumuloException(405, "MethodNotAllowed", x.method() + " is not allowed on " + x.path());
    }
  }

  /** {@code parts} = {@code executions, <id>[, history | stop]}. */
  void handleExecution(HttpExchange x, String[] parts) throws IOException {
    String id = parts[1];
    String action = parts.length == 2 ? "" : parts[2];
    String method = parts.length == 3 && action.equals("stop") ? "POST" : "GET";
    if (parts.length > 3 || !(action.isEmpty() || action.equals("history") || action.equals("stop"))) {
      throw CumuloException.notFound("NotFound", "no admin API route " + x.method() + " " + x.path());
    }
    if (!x.method().equals(method)) {
      throw new CumuloException(405, "MethodNotAllowed", x.method() + " is not allowed on " + x.path()
          + "; use " + method);
    }
    switch (action) {
      case "" -> x.sendJson(200, describe(workflows().describe(id)));
      case "history" -> {
        long after = parseLong(x.query("after"), 0, "after");
        int limit = (int) parseLong(x.query("limit"), DEFAULT_HISTORY_LIMIT, "limit");
        List<Map<String, Object>> events = workflows().history(id, after, limit).stream()
            .map(WorkflowsApi::event).toList();
        x.sendJson(200, Map.of("executionId", id, "events", events));
      }
      default -> {
        byte[] body = x.body(MAX_STOP_BYTES);
        String cause = body.length == 0 ? "" : json(new String(body, StandardCharsets.UTF_8)).path("cause").asText("");
        x.sendJson(200, describe(workflows().stop(id, cause)));
      }
    }
  }

  private void list(HttpExchange x, String app, String workflow) throws IOException {
    int limit = (int) parseLong(x.query("limit"), DEFAULT_LIMIT, "limit");
    List<Map<String, Object>> executions = workflows().list(app, workflow, x.query("status"), limit).stream()
        .map(WorkflowsApi::describe).toList();
    x.sendJson(200, Map.of("executions", executions));
  }

  private static Map<String, Object> describe(ExecutionRecord e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", e.id());
    body.put("app", e.app());
    body.put("workflow", e.workflow());
    body.put("status", e.status());
    body.put("startedAt", e.startedAt().toString());
    body.put("stoppedAt", e.stoppedAt() == null ? null : e.stoppedAt().toString());
    body.put("input", json(e.input()));
    body.put("output", e.output() == null ? null : json(e.output()));
    body.put("error", e.error());
    body.put("cause", e.cause());
    body.put("name", json(e.state()).path("name").asText(e.id()));
    return body;
  }

  private static Map<String, Object> event(HistoryEntry h) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sequence", h.sequence());
    body.put("type", h.type());
    body.put("state", h.state());
    body.put("time", h.time().toString());
    body.put("detail", json(h.detail()));
    return body;
  }

  private static JsonNode json(String text) {
    try {
      return HttpExchange.JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw CumuloException.badRequest("InvalidRequest", "the body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static long parseLong(String text, long defaultValue, String name) {
    if (text == null || text.isBlank()) {
      return defaultValue;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw CumuloException.badRequest("InvalidRequest", name + " must be a number, not '" + text + "'");
    }
  }
}
