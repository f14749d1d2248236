package io.cumulo.api;

/**
 * Invokes other functions. Names are {@code app/function}, or a bare {@code function} for one in
 * the caller's own app. Input and result cross as JSON, so the two functions need share no classes.
 */
public interface Functions {

  /**
   * Invokes a function synchronously and waits for its result, at most until the caller's deadline.
   *
   * @param function {@code app/function} or {@code function}
   * @param input anything Jackson can serialise (record, map, string)
   * @param resultType what to convert the result to; {@code Void.class} to ignore it
   * @return the converted result
   * @throws InvocationException when the callee fails, times out, is throttled or does not exist
   */
  <T> T invoke(String function, Object input, Class<T> resultType);

  /**
   * Queues an asynchronous invocation: the event is durable when this returns, and is delivered
   * at least once, with retries and then the dead-letter queue.
   *
   * @return the new invocation's id
   * @throws InvocationException when the function does not exist or the event log is full
   */
  String invokeAsync(String function, Object input);
}
