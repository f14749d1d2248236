package io.cumulo.api;

/**
 * A function's business logic. Cumulo creates one handler object per instance (with its public
 * no-argument constructor) and calls {@link #handle} once per invocation, possibly from several
 * threads at once when the function's {@code concurrency} is above 1.
 *
 * <p>The input is deserialised from the event's JSON into {@code I} and the result serialised back
 * to JSON, both by the handler's type arguments: a record or bean, {@code Map<String, Object>},
 * {@code String} (the raw JSON text), {@code byte[]} (the raw JSON bytes), or {@code Void}.
 *
 * @param <I> the input type
 * @param <O> the result type; {@code Void} for handlers that return nothing
 */
@FunctionalInterface
public interface Handler<I, O> {

  /**
   * Handles one invocation.
   *
   * @param input the event, converted to {@code I}
   * @param ctx this invocation's context: id, deadline, logger and clients
   * @return the result, converted to JSON for the caller; may be {@code null}
   * @throws Exception any failure; the invocation fails with the exception's class and message,
   *     and async invocations are retried
   */
  O handle(I input, Context ctx) throws Exception;
}
