package io.cumulo.examples.photos.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cumulo.api.ServiceClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The catalog's HTTP API on loopback. Public (through the app's routes): {@code GET /api/photos},
 * {@code GET|PATCH /api/photos/{id}}. For the app's functions (direct service calls only):
 * {@code DELETE /api/photos/{id}}, {@code PUT /internal/photos/{id}} (processing state),
 * {@code PUT /internal/photos/{id}/filters/{name}}, {@code GET /internal/photos?ids=a,b}. Plus
 * {@code GET /healthz}. Errors are {@code application/problem+json}.
 */
final class CatalogServer implements AutoCloseable {
  private static final System.Logger log = System.getLogger(CatalogServer.class.getName());
  static final int DEFAULT_PAGE = 30;
  static final int MAX_PAGE = 100;
  private static final int MAX_BODY_BYTES = 64 * 1024;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern FILTER = Pattern.compile("[a-z0-9-]{1,40}");

  private final HttpServer http;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final ObjectMapper json = new ObjectMapper();
  private final PhotoJson photoJson;
  private final PhotoStore store;
  private final ChangePublisher publisher;

  private CatalogServer(CatalogConfig config, ServiceClient cumulo, InstantSource clock) throws IOException {
    Files.createDirectories(config.dataDir());
    photoJson = new PhotoJson(json, config.mediaBase());
    store = new PhotoStore(config.dataDir().resolve("catalog.db"), json, photoJson, clock);
    publisher = new ChangePublisher(store, cumulo, config.minBackoff(), config.maxBackoff());
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 128);
    http.setExecutor(executor);
    http.createContext("/", this::serve);
    http.start();
  }

  /** Opens the database, starts reporting its outbox and listens. */
  static CatalogServer start(CatalogConfig config, ServiceClient cumulo) {
    return start(config, cumulo, InstantSource.system());
  }

  /** As {@link #start(CatalogConfig, ServiceClient)}, dating new photos by {@code clock}. */
  static CatalogServer start(CatalogConfig config, ServiceClient cumulo, InstantSource clock) {
    try {
      return new CatalogServer(config, cumulo, clock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the catalog: " + e.getMessage(), e);
    }
  }

  int port() {
    return http.getAddress().getPort();
  }

  private void serve(HttpExchange exchange) {
    try (exchange) {
      try {
        route(exchange);
      } catch (CatalogException e) {
        problem(exchange, e.status(), e.title(), e.getMessage());
      } catch (RuntimeException e) {
        log.log(System.Logger.Level.ERROR, "failed to serve " + exchange.getRequestMethod() + " "
            + exchange.getRequestURI(), e);
        problem(exchange, 500, "Internal Server Error", "the catalog failed; see its log");
      }
    } catch (IOException e) {
      log.log(System.Logger.Level.DEBUG, "client went away: " + e.getMessage());
    }
  }

  private void route(HttpExchange x) throws IOException {
    String method = x.getRequestMethod();
    String[] path = Arrays.stream(x.getRequestURI().getRawPath().split("/"))
        .filter(s -> !s.isEmpty()).map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toArray(String[]::new);
    Map<String, String> query = query(x.getRequestURI().getRawQuery());
    if (matches(path, "healthz")) {
      allow(x, "GET");
      send(x, 200, json.createObjectNode().put("status", "ok"));
    } else if (matches(path, "api", "photos")) {
      allow(x, "GET");
      send(x, 200, list(query));
    } else if (matches(path, "api", "photos", "*")) {
      String id = id(path[2]);
      switch (method) {
        case "GET", "HEAD" -> send(x, 200, photoJson.toJson(store.get(id)
            .orElseThrow(() -> CatalogException.notFound("no photo with id " + id))));
        case "PATCH" -> {
          Photo photo = store.patch(id, PhotoPatch.parse(body(x)));
          publisher.wake();
          send(x, 200, photoJson.toJson(photo));
        }
        case "DELETE" -> {
          if (!store.delete(id)) {
            throw CatalogException.notFound("no photo with id " + id);
          }
          publisher.wake();
          x.sendResponseHeaders(204, -1);
        }
        default -> allow(x, "GET, PATCH, DELETE");
      }
    } else if (matches(path, "internal", "photos")) {
      allow(x, "GET");
      send(x, 200, byIds(query.get("ids")));
    } else if (matches(path, "internal", "photos", "*")) {
      allow(x, "PUT");
      StatusUpdate update = read(body(x), StatusUpdate.class);
      update.check();
      Photo photo = store.report(id(path[2]), update);
      publisher.wake();
      send(x, 200, photoJson.toJson(photo));
    } else if (matches(path, "internal", "photos", "*", "filters", "*")) {
      allow(x, "PUT");
      if (!FILTER.matcher(path[4]).matches()) {
        throw CatalogException.badRequest("'" + path[4] + "' is not a filter name (a-z, 0-9 and -)");
      }
      Photo photo = store.addFilter(id(path[2]), path[4]);
      publisher.wake();
      send(x, 200, photoJson.toJson(photo));
    } else {
      throw CatalogException.notFound("the catalog has nothing at " + x.getRequestURI().getPath());
    }
  }

  private ObjectNode list(Map<String, String> query) {
    int limit = limit(query.get("limit"));
    PhotoStore.Cursor after = query.containsKey("cursor") ? decodeCursor(query.get("cursor")) : null;
    PhotoStore.Page page = store.page(limit, after, query.get("key"));
    ObjectNode answer = json.createObjectNode();
    ArrayNode photos = answer.putArray("photos");
    page.photos().forEach(p -> photos.add(photoJson.toJson(p)));
    answer.put("nextCursor", page.next() == null ? null : encodeCursor(page.next()));
    return answer;
  }

  private ObjectNode byIds(String ids) {
    List<String> wanted = ids == null || ids.isBlank() ? List.of() : List.of(ids.split(","));
    if (wanted.size() > MAX_PAGE) {
      throw CatalogException.badRequest("ids lists " + wanted.size() + " photos; the most is " + MAX_PAGE);
    }
    wanted.forEach(CatalogServer::id);
    ObjectNode answer = json.createObjectNode();
    ArrayNode photos = answer.putArray("photos");
    store.getAll(wanted).forEach(p -> photos.add(photoJson.toJson(p)));
    return answer;
  }

  private static int limit(String text) {
    if (text == null) {
      return DEFAULT_PAGE;
    }
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= MAX_PAGE) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below with the allowed range
    }
    throw CatalogException.badRequest("limit must be a number 1.." + MAX_PAGE + ", was '" + text + "'");
  }

  static String encodeCursor(PhotoStore.Cursor cursor) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(
        (cursor.createdMillis() + ":" + cursor.id()).getBytes(StandardCharsets.UTF_8));
  }

  private static PhotoStore.Cursor decodeCursor(String text) {
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return new PhotoStore.Cursor(Long.parseLong(decoded.substring(0, colon)), id(decoded.substring(colon + 1)));
    } catch (IllegalArgumentException | IndexOutOfBoundsException | CatalogException e) {
      throw CatalogException.badRequest("cursor is not one this API returned; pass nextCursor as it came");
    }
  }

  private static String id(String text) {
    if (!ID.matcher(text).matches()) {
      throw CatalogException.notFound("no photo with id " + text);
    }
    return text;
  }

  private static boolean matches(String[] path, String... pattern) {
    if (path.length != pattern.length) {
      return false;
    }
    for (int i = 0; i < path.length; i++) {
      if (!pattern[i].equals("*") && !pattern[i].equals(path[i])) {
        return false;
      }
    }
    return true;
  }

  private static void allow(HttpExchange x, String methods) {
    String method = x.getRequestMethod();
    boolean allowed = Arrays.stream(methods.split(", ")).anyMatch(m -> m.equals(method)
        || m.equals("GET") && method.equals("HEAD"));
    if (!allowed) {
      x.getResponseHeaders().set("Allow", methods);
      throw new CatalogException(405, "Method Not Allowed", method + " is not allowed here; allowed: " + methods);
    }
  }

  private JsonNode body(HttpExchange x) throws IOException {
    try (InputStream in = x.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw new CatalogException(413, "Content Too Large", "the body is larger than " + MAX_BODY_BYTES + " bytes");
      }
      if (bytes.length == 0) {
        throw CatalogException.badRequest("the request has no body; send a JSON object");
      }
      return json.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw CatalogException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private <T> T read(JsonNode node, Class<T> type) {
    try {
      return json.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw CatalogException.badRequest("the body does not fit: " + e.getOriginalMessage());
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw == null) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      query.put(name, value);
    }
    return query;
  }

  private void send(HttpExchange x, int status, JsonNode body) throws IOException {
    send(x, status, "application/json", json.writeValueAsBytes(body));
  }

  private void problem(HttpExchange x, int status, String title, String detail) throws IOException {
    ObjectNode problem = json.createObjectNode()
        .put("type", "about:blank").put("title", title).put("status", status).put("detail", detail);
    send(x, status, "application/problem+json", json.writeValueAsBytes(problem));
  }

  private static void send(HttpExchange x, int status, String contentType, byte[] body) throws IOException {
    x.getResponseHeaders().set("Content-Type", contentType);
    x.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = x.getRequestMethod().equals("HEAD");
    x.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      x.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    http.stop(1);
    executor.close();
    publisher.close();
    store.close();
  }
}
