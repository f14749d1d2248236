package io.cumulo.core.runtime;

import io.cumulo.api.Context;
import io.cumulo.api.FunctionLogger;
import io.cumulo.api.Functions;
import io.cumulo.api.Services;
import io.cumulo.api.images.Images;
import io.cumulo.api.search.SearchClient;
import io.cumulo.api.tables.Tables;
import io.cumulo.core.CumuloException;
import io.cumulo.core.channels.ChannelHub;
import io.cumulo.core.services.ServiceCalls;
import io.cumulo.core.logs.FunctionLogs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;

/** The {@link Context} of one invocation. */
final class InvocationContext implements Context, FunctionLogger {
  private final ActiveFunction function;
  private final String invocationId;
  private final int attempt;
  private final Instant deadline;
  private final String requestId;
  private final InstantSource clock;
  private final FunctionLogs logs;
  private final FunctionRuntime runtime;
  private Functions functions;
  private io.cumulo.api.ObjectClient objects;

  InvocationContext(
      ActiveFunction function,
      String invocationId,
      int attempt,
      Instant deadline,
      String requestId,
      InstantSource clock,
      FunctionLogs logs,
      FunctionRuntime runtime) {
    this.function = function;
    this.invocationId = invocationId;
    this.attempt = attempt;
    this.deadline = deadline;
    this.requestId = requestId;
    this.clock = clock;
    this.logs = logs;
    this.runtime = runtime;
  }

  @Override
  public String invocationId() {
    return invocationId;
  }

  @Override
  public String requestId() {
    return requestId;
  }

  @Override
  public String functionName() {
    return function.qualifiedName();
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public int memoryMb() {
    return function.spec().memoryMb();
  }

  @Override
  public Instant deadline() {
    return deadline;
  }

  @Override
  public Duration remainingTime() {
    Duration left = Duration.between(clock.instant(), deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }

  @Override
  public Map<String, String> env() {
    return function.spec().env();
  }

  @Override
  public FunctionLogger logger() {
    return this;
  }

  @Override
  public Functions functions() {
    // Created on first use: most handlers never call other functions.
    if (functions == null) {
      functions = new FunctionsClient(runtime, function, deadline);
    }
    return functions;
  }

  @Override
  public io.cumulo.api.ObjectClient objects() {
    if (objects == null) {
      objects = runtime.objectsFor(function.app(), function.buckets(), invocationId);
    }
    return objects;
  }

  @Override
  public Tables tables() {
    return new FunctionTables(function.app(), available(runtime.services().tables(), "tables"));
  }

  @Override
  public SearchClient search() {
    return new FunctionSearch(function.app(), available(runtime.services().search(), "search"));
  }

  @Override
  public Images images() {
    return available(runtime.services().images(), "an image engine");
  }

  @Override
  public Services services() {
    ServiceCalls calls = available(runtime.services().services(), "services");
    return (service, method, pathAndQuery, contentType, body) ->
        calls.call(function.app(), service, method, pathAndQuery, contentType, body, remainingTime());
  }

  @Override
  public String publish(String channel, String json) {
    ChannelHub hub = available(runtime.services().channels(), "channels");
    return Long.toString(hub.publish(function.app(), channel, json));
  }

  private static <T> T available(T facility, String what) {
    if (facility == null) {
      throw new CumuloException(501, "NotAvailable", "this Cumulo node has no " + what);
    }
    return facility;
  }

  @Override
  public void info(String message) {
    logs.append(function.qualifiedName(), invocationId, "INFO", String.valueOf(message));
  }

  @Override
  public void warn(String message) {
    logs.append(function.qualifiedName(), invocationId, "WARN", String.valueOf(message));
  }

  @Override
  public void error(String message, Throwable error) {
    String line = String.valueOf(message);
    if (error != null) {
      line += "\n" + stackTrace(error);
    }
    logs.append(function.qualifiedName(), invocationId, "ERROR", line);
  }

  static String stackTrace(Throwable error) {
    StringWriter out = new StringWriter();
    error.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
