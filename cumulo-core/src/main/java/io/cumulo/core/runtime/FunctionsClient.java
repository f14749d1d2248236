package io.cumulo.core.runtime;

import io.cumulo.api.Functions;
import io.cumulo.api.InvocationException;
import java.io.IOException;
import java.util.UUID;

/** {@link Functions} for handlers: calls cross as JSON, under the caller's deadline. */
final class FunctionsClient implements Functions {
  private final FunctionRuntime runtime;
  private final ActiveFunction caller;
  private final java.time.Instant callerDeadline;

  FunctionsClient(FunctionRuntime runtime, ActiveFunction caller, java.time.Instant callerDeadline) {
    this.runtime = runtime;
    this.caller = caller;
    this.callerDeadline = callerDeadline;
  }

  @Override
  public <T> T invoke(String function, Object input, Class<T> resultType) {
    String target = qualify(function);
    byte[] json = toJson(input);
    try {
      InvocationResult result = runtime.invoke(target, json,
          new InvocationRequest(UUID.randomUUID().toString(), 1, callerDeadline));
      return caller.binding().fromJson(result.output(), resultType);
    } catch (FunctionFailure e) {
      throw new InvocationException(e.type().name(), e.getMessage());
    } catch (IOException e) {
      throw new InvocationException("InvalidOutput",
          target + " returned JSON that is not a " + resultType.getName() + ": " + e.getMessage());
    }
  }

  @Override
  public String invokeAsync(String function, Object input) {
    try {
      return runtime.invokeAsync(qualify(function), toJson(input));
    } catch (FunctionFailure e) {
      throw new InvocationException(e.type().name(), e.getMessage());
    } catch (io.cumulo.core.CumuloException e) {
      throw new InvocationException(e.code(), e.getMessage());
    }
  }

  private String qualify(String function) {
    return function.indexOf('/') < 0 ? caller.app() + "/" + function : function;
  }

  private byte[] toJson(Object input) {
    try {
      return caller.binding().toJson(input);
    } catch (IOException e) {
      throw new InvocationException("InvalidInput", "the input cannot be converted to JSON: " + e.getMessage());
    }
  }
}
