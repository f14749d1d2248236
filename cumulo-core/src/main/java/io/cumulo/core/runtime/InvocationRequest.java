package io.cumulo.core.runtime;

import java.time.Instant;
import java.util.UUID;

/**
 * Who is invoking, beyond the input itself.
 *
 * @param invocationId the id handlers see; for events, the event id
 * @param attempt which delivery attempt this is, from 1
 * @param callerDeadline a deadline inherited from a calling function, or null; the invocation's
 *     own deadline is the earlier of this and its timeout
 * @param requestId the id of the HTTP request being served ({@code X-Request-Id}), or null
 */
public record InvocationRequest(String invocationId, int attempt, Instant callerDeadline, String requestId) {

  /** A request not made on behalf of an HTTP request. */
  public InvocationRequest(String invocationId, int attempt, Instant callerDeadline) {
    this(invocationId, attempt, callerDeadline, null);
  }

  /** A first attempt with a fresh id and no inherited deadline. */
  public static InvocationRequest fresh() {
    return new InvocationRequest(UUID.randomUUID().toString(), 1, null);
  }
}
