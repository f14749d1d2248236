package io.cumulo.core.runtime;

/**
 * Sizes of a function's instance pool at one moment.
 *
 * @param instances all instances, including ones being created
 * @param warm instances serving nothing now
 * @param busy instances serving at least one invocation (or being created for one)
 * @param queued invocations waiting for a slot
 * @param inFlight invocations running now
 * @param abandoned instances recycled because an invocation timed out or broke them
 */
public record PoolStats(int instances, int warm, int busy, int queued, int inFlight, long abandoned) {
  static final PoolStats EMPTY = new PoolStats(0, 0, 0, 0, 0, 0);
}
