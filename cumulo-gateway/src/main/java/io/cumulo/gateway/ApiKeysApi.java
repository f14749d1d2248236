package io.cumulo.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.cumulo.core.CumuloException;
import io.cumulo.core.Platform;
import io.cumulo.core.state.ApiKey;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API's {@code /admin/v1/apps/{app}/keys}: {@code POST} creates a key (its text is in
 * the answer, once), {@code GET} lists them (without their text), {@code DELETE .../keys/{id}}
 * revokes one.
 */
final class ApiKeysApi {
  private static final long MAX_REQUEST_BYTES = 4096;

  private final Platform platform;
  private final ApiKeys keys;

  ApiKeysApi(Platform platform, ApiKeys keys) {
    this.platform = platform;
    this.keys = keys;
  }

  /** Handles {@code parts} = {@code apps, <app>, keys[, <id>]}. */
  void handle(HttpExchange x, String[] parts) throws IOException {
    String app = parts[1];
    if (platform.state().app(app).isEmpty()) {
      throw CumuloException.notFound("AppNotFound", "no app named " + app + " is deployed");
    }
    String method = x.method();
    if (parts.length == 3 && method.equals("POST")) {
      byte[] body = x.body(MAX_REQUEST_BYTES);
      JsonNode request = body.length == 0 ? HttpExchange.JSON.createObjectNode() : readJson(body);
      ApiKeys.Created created = keys.create(app, request.path("name").asText(""));
      Map<String, Object> answer = describe(created.key());
      answer.put("key", created.secret());
      x.sendJson(201, answer);
    } else if (parts.length == 3 && method.equals("GET")) {
      List<Map<String, Object>> list = keys.list(app).stream().map(ApiKeysApi::describe).toList();
      x.sendJson(200, Map.of("keys", list));
    } else if (parts.length == 4 && method.equals("DELETE")) {
      if (!keys.revoke(app, parts[3])) {
        throw CumuloException.notFound("KeyNotFound", "app " + app + " has no key " + parts[3]);
      }
      x.sendEmpty(204);
    } else if (parts.length <= 4) {
      throw new CumuloException(405, "MethodNotAllowed", method + " is not allowed on " + x.path());
    } else {
      throw CumuloException.notFound("NotFound", "no admin API route " + method + " " + x.path());
    }
  }

  private static JsonNode readJson(byte[] body) {
    try {
      JsonNode node = HttpExchange.JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw new IOException("not an object");
      }
      return node;
    } catch (IOException e) {
      throw new CumuloException(400, "InvalidArgument", "expected a JSON object like {\"name\": \"mobile app\"}");
    }
  }

  private static Map<String, Object> describe(ApiKey key) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("id", key.id());
    fields.put("app", key.app());
    fields.put("name", key.name());
    fields.put("createdAt", key.createdAt().toString());
    return fields;
  }
}
