package io.cumulo.gateway;

import static io.cumulo.gateway.HttpExchange.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cumulo.core.CumuloException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * Translates between HTTP and the API Gateway (REST, payload 1.0) proxy shape that route functions
 * see: builds the event from a request, and turns the function's result into the response.
 */
final class ProxyEvent {
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
  /** Headers the gateway owns; a function's values for them are ignored. */
  private static final Set<String> HOP_BY_HOP = Set.of("content-length", "transfer-encoding",
      "connection", "keep-alive", "upgrade", "x-request-id");

  private ProxyEvent() {}

  /** What the gateway knows about a request beyond HTTP. */
  record Caller(String requestId, String sourceIp, String apiKeyId, Map<String, Object> claims) {}

  /** The event for a request to {@code path} (below the app root) matched by {@code resource}. */
  static byte[] request(Request request, String path, String resource, Map<String, String> parameters,
      byte[] body, Caller caller) throws IOException {
    ObjectNode event = JSON.createObjectNode();
    event.put("httpMethod", request.getMethod());
    event.put("path", path);
    event.put("resource", resource);
    event.set("pathParameters", parameters.isEmpty() ? null : JSON.valueToTree(parameters));
    ObjectNode single = JSON.createObjectNode();
    ObjectNode multi = JSON.createObjectNode();
    Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
    for (Fields.Field field : query) {
      single.put(field.getName(), field.getValues().getLast());
      ArrayNode values = multi.putArray(field.getName());
      field.getValues().forEach(values::add);
    }
    event.set("queryStringParameters", query.getSize() == 0 ? null : single);
    event.set("multiValueQueryStringParameters", query.getSize() == 0 ? null : multi);
    ObjectNode headers = event.putObject("headers");
    ObjectNode multiHeaders = event.putObject("multiValueHeaders");
    for (HttpField field : request.getHeaders()) {
      String name = field.getLowerCaseName();
      headers.put(name, field.getValue());
      ArrayNode values = multiHeaders.has(name) ? (ArrayNode) multiHeaders.get(name) : multiHeaders.putArray(name);
      values.add(field.getValue());
    }
    String text = body.length == 0 ? null : textOrNull(body, request.getHeaders().get("Content-Type"));
    boolean binary = body.length > 0 && text == null;
    event.put("body", binary ? Base64.getEncoder().encodeToString(body) : text);
    event.put("isBase64Encoded", binary);
    ObjectNode context = event.putObject("requestContext");
    context.put("requestId", caller.requestId());
    context.put("httpMethod", request.getMethod());
    context.put("path", path);
    context.put("resourcePath", resource);
    ObjectNode identity = context.putObject("identity");
    identity.put("sourceIp", caller.sourceIp());
    identity.put("apiKeyId", caller.apiKeyId());
    if (caller.claims() != null) {
      context.putObject("authorizer").set("claims", JSON.valueToTree(caller.claims()));
    } else {
      context.putNull("authorizer");
    }
    return JSON.writeValueAsBytes(event);
  }

  /** The body as text if its content type is textual and it is valid UTF-8, else null. */
  private static String textOrNull(byte[] body, String contentType) {
    if (contentType != null && !isTextual(contentType.toLowerCase(Locale.ROOT))) {
      return null;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  static boolean isTextual(String contentType) {
    String type = contentType.split(";", 2)[0].strip();
    return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json")
        || type.equals("application/xml") || type.endsWith("+xml")
        || type.equals("application/x-www-form-urlencoded") || type.equals("application/javascript")
        || type.equals("application/graphql");
  }

  /**
   * Sends a function's result: a proxy response ({@code statusCode}, {@code headers},
   * {@code multiValueHeaders}, {@code body}, {@code isBase64Encoded}) as itself, anything else as
   * a 200 JSON body.
   *
   * @throws CumuloException 502 when a proxy response is malformed (bad status, header or base64)
   */
  static void respond(HttpExchange x, byte[] output) throws IOException {
    JsonNode result = JSON.readTree(output);
    if (result == null || !result.isObject() || !result.has("statusCode")) {
      x.send(200, "application/json", output);
      return;
    }
    JsonNode statusNode = result.get("statusCode");
    int status = statusNode.canConvertToInt() ? statusNode.asInt() : statusNode.isTextual()
        && statusNode.asText().matches("\\d{3}") ? Integer.parseInt(statusNode.asText()) : -1;
    if (status < 200 || status > 599) {
      throw invalid("statusCode " + statusNode + " is not an HTTP status (200..599)");
    }
    HttpFields.Mutable headers = x.response.getHeaders();
    String contentType = null;
    for (String key : new String[] {"headers", "multiValueHeaders"}) {
      JsonNode map = result.get(key);
      if (map == null || !map.isObject()) {
        continue;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> header = it.next();
        String name = header.getKey();
        if (!TOKEN.matcher(name).matches()) {
          throw invalid("'" + name + "' is not a header name");
        }
        if (HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
          continue;
        }
        for (JsonNode value : header.getValue().isArray() ? header.getValue() : JSON.createArrayNode().add(header.getValue())) {
          String text = value.asText();
          if (text.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw invalid("the value of header " + name + " has a line break");
          }
          if (name.equalsIgnoreCase("content-type")) {
            contentType = text;
          } else {
            headers.add(name, text);
          }
        }
      }
    }
    JsonNode bodyNode = result.get("body");
    boolean base64 = result.path("isBase64Encoded").asBoolean(false);
    byte[] body;
    if (bodyNode == null || bodyNode.isNull()) {
      body = new byte[0];
    } else if (base64) {
      try {
        body = Base64.getDecoder().decode(bodyNode.asText());
      } catch (IllegalArgumentException e) {
        throw invalid("isBase64Encoded is true but the body is not base64");
      }
    } else {
      body = (bodyNode.isTextual() ? bodyNode.asText() : JSON.writeValueAsString(bodyNode))
          .getBytes(StandardCharsets.UTF_8);
    }
    if (contentType == null && body.length > 0) {
      contentType = base64 ? "application/octet-stream" : "application/json";
    }
    x.send(status, contentType, body);
  }

  private static CumuloException invalid(String why) {
    return new CumuloException(502, "InvalidFunctionResponse", "the function's HTTP response is invalid: " + why);
  }
}
