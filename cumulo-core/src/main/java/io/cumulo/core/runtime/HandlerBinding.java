package io.cumulo.core.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cumulo.api.Handler;
import io.cumulo.core.CumuloException;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;

/**
 * A function's handler class bound to the JSON conversions its type arguments ask for. Each
 * function gets its own {@link ObjectMapper}, so the mapper's type caches die with the function's
 * class loader when it is undeployed.
 */
final class HandlerBinding {
  private static final byte[] JSON_NULL = "null".getBytes(StandardCharsets.US_ASCII);

  private final Constructor<? extends Handler<Object, Object>> constructor;
  private final ObjectMapper mapper;
  private final JavaType inputType;
  private final JavaType outputType;

  private HandlerBinding(
      Constructor<? extends Handler<Object, Object>> constructor,
      ObjectMapper mapper,
      JavaType inputType,
      JavaType outputType) {
    this.constructor = constructor;
    this.mapper = mapper;
    this.inputType = inputType;
    this.outputType = outputType;
  }

  /**
   * Loads and checks the handler class: it exists, implements {@link Handler}, is a public concrete
   * class with a public no-argument constructor.
   *
   * @throws CumuloException (400, {@code InvalidHandler}) saying which of those failed
   */
  @SuppressWarnings("unchecked")
  static HandlerBinding load(String function, String className, ClassLoader loader) {
    Class<?> type;
    try {
      type = Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw invalid(function, "handler class " + className + " is not in the function's code ("
          + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    }
    if (!Handler.class.isAssignableFrom(type)) {
      throw invalid(function, className + " does not implement io.cumulo.api.Handler");
    }
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers())
        || !Modifier.isPublic(type.getModifiers())) {
      throw invalid(function, className + " must be a public, non-abstract class");
    }
    Constructor<? extends Handler<Object, Object>> constructor;
    try {
      constructor = (Constructor<? extends Handler<Object, Object>>) type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw invalid(function, className + " needs a public no-argument constructor");
    }
    ObjectMapper mapper = JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .addMixIn(io.cumulo.api.ObjectEvent.class, ObjectEventJson.class)
        // A cache of its own: withClassLoader alone shares the JVM-wide default type cache, which
        // then holds the function's classes (and their statics) after a redeploy.
        .typeFactory(com.fasterxml.jackson.databind.type.TypeFactory.defaultInstance()
            .withCache(new com.fasterxml.jackson.databind.util.LRUMap<>(16, 200))
            .withClassLoader(loader))
        .build();
    JavaType[] params = mapper.getTypeFactory().constructType(type).findTypeParameters(Handler.class);
    JavaType object = mapper.getTypeFactory().constructType(Object.class);
    JavaType input = params.length == 2 ? params[0] : object;
    JavaType output = params.length == 2 ? params[1] : object;
    return new HandlerBinding(constructor, mapper, input, output);
  }

  private static CumuloException invalid(String function, String message) {
    return CumuloException.badRequest("InvalidHandler", "function " + function + ": " + message);
  }

  /** Creates a handler object: one per instance. Constructor failures are the handler's errors. */
  Handler<Object, Object> newHandler() throws FunctionFailure {
    try {
      return constructor.newInstance();
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new FunctionFailure(FunctionFailure.Type.HandlerError,
          "the handler's constructor threw " + describe(cause), cause);
    } catch (ReflectiveOperationException e) {
      throw new FunctionFailure(FunctionFailure.Type.HandlerError,
          "cannot create the handler: " + describe(e), e);
    }
  }

  /**
   * Converts the event's JSON to the handler's input type. {@code byte[]} receives the raw JSON
   * bytes; {@code String} receives a JSON string's value, or the raw JSON text of anything else.
   */
  Object readInput(byte[] json) throws FunctionFailure {
    Class<?> raw = inputType.getRawClass();
    if (raw == byte[].class) {
      return json;
    }
    try {
      if (raw == String.class) {
        JsonNode node = mapper.readTree(json);
        return node != null && node.isTextual() ? node.textValue() : new String(json, StandardCharsets.UTF_8);
      }
      if (raw == Void.class) {
        return null;
      }
      return mapper.readValue(json, inputType);
    } catch (IOException e) {
      throw new FunctionFailure(FunctionFailure.Type.InvalidInput,
          "the input is not valid JSON for " + inputType.toCanonical() + ": " + firstLine(e.getMessage()));
    }
  }

  /** Converts the handler's result to JSON; {@code byte[]} results are passed through as JSON bytes. */
  byte[] writeOutput(Object result) throws FunctionFailure {
    if (result == null) {
      return JSON_NULL;
    }
    if (result instanceof byte[] bytes && outputType.getRawClass() == byte[].class) {
      return bytes;
    }
    try {
      return mapper.writeValueAsBytes(result);
    } catch (JsonProcessingException e) {
      throw new FunctionFailure(FunctionFailure.Type.HandlerError,
          "the handler's result cannot be converted to JSON: " + firstLine(e.getOriginalMessage()));
    }
  }

  /** Serialises a value for another function's input (cross-function calls go through JSON). */
  byte[] toJson(Object value) throws JsonProcessingException {
    return mapper.writeValueAsBytes(value);
  }

  /** Converts another function's JSON result to the caller's requested type. */
  <T> T fromJson(byte[] json, Class<T> type) throws IOException {
    if (type == Void.class) {
      return null;
    }
    if (type == byte[].class) {
      return type.cast(json);
    }
    return mapper.readValue(json, type);
  }

  /** S3 names the event list {@code Records}; the record component is {@code records}. */
  @com.fasterxml.jackson.databind.annotation.JsonNaming(
      com.fasterxml.jackson.databind.PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  private abstract static class ObjectEventJson {}

  static String describe(Throwable t) {
    if (t == null) {
      return "an unknown error";
    }
    String message = t.getMessage();
    return t.getClass().getName() + (message == null ? "" : ": " + firstLine(message));
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
