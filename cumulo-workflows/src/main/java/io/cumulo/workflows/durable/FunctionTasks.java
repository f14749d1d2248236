package io.cumulo.workflows.durable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.cumulo.core.runtime.FunctionFailure;
import io.cumulo.core.runtime.FunctionRuntime;
import io.cumulo.core.runtime.InvocationRequest;
import io.cumulo.core.runtime.InvocationResult;
import io.cumulo.workflows.StatesErrors;
import io.cumulo.workflows.TaskFailure;
import io.cumulo.workflows.TaskInvoker;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Runs Task states as invocations of deployed functions. The idempotency key is the invocation id
 * the handler sees ({@code ctx.invocationId()}), so a task handed out again after a restart looks
 * the same to the function. Error names follow Lambda: a handler's exception is named by its simple
 * class name ({@code IllegalStateException}), a timeout is {@code States.Timeout}, and the
 * platform's own refusals are {@code Cumulo.Throttled}, {@code Cumulo.FunctionNotFound}, ...
 * (matched by {@code States.TaskFailed}).
 */
final class FunctionTasks implements TaskInvoker {
  static final String RESOURCE_PREFIX = "cumulo:function:";

  private final FunctionRuntime runtime;
  private final InstantSource clock;
  private final ObjectMapper mapper;

  FunctionTasks(FunctionRuntime runtime, InstantSource clock, ObjectMapper mapper) {
    this.runtime = runtime;
    this.clock = clock;
    this.mapper = mapper;
  }

  @Override
  public JsonNode invoke(String resource, JsonNode input, String idempotencyKey, Duration timeout) {
    String function = resource.substring(RESOURCE_PREFIX.length());
    Instant deadline = timeout == null ? null : clock.instant().plus(timeout);
    InvocationResult result;
    try {
      result = runtime.invoke(function, mapper.writeValueAsBytes(input),
          new InvocationRequest(idempotencyKey, 1, deadline));
    } catch (FunctionFailure failure) {
      throw new TaskFailure(errorName(failure), failure.getMessage());
    } catch (JsonProcessingException e) {
      throw new TaskFailure(StatesErrors.RUNTIME, "the task input could not be written: " + e.getOriginalMessage());
    }
    if (result.output() == null || result.output().length == 0) {
      return NullNode.getInstance();
    }
    try {
      return mapper.readTree(result.output());
    } catch (IOException e) {
      throw new TaskFailure(StatesErrors.TASK_FAILED, function + " returned something that is not JSON");
    }
  }

  private static String errorName(FunctionFailure failure) {
    return switch (failure.type()) {
      case Timeout -> StatesErrors.TIMEOUT;
      case HandlerError -> failure.getCause() == null
          ? StatesErrors.TASK_FAILED
          : failure.getCause().getClass().getSimpleName();
      default -> "Cumulo." + failure.type().name();
    };
  }
}
