package io.cumulo.core.runtime;

import io.cumulo.api.Context;
import io.cumulo.api.FunctionLogger;
import io.cumulo.api.Functions;
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
      objects = runtime.objectsFor(function.buckets(), invocationId);
    }
    return objects;
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
