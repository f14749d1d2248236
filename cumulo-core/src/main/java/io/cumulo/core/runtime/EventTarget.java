package io.cumulo.core.runtime;

import io.cumulo.core.manifest.Trigger;
import java.util.List;

/**
 * Something other than a function that triggers deliver to, e.g. a workflow, which is addressed as
 * {@code APP/workflow:NAME}. Its events go through the same durable event log as a function's, so
 * it gets them at least once; it must treat a redelivery (same {@link InvocationRequest#invocationId()})
 * as the same event.
 */
public interface EventTarget {

  /** The bucket, schedule and table triggers that deliver to it. */
  List<Trigger> triggers();

  /**
   * Takes one event; returns once it is durably accepted.
   *
   * @param payload the event as JSON
   * @param request its id (the event id, stable across redeliveries) and attempt
   * @throws FunctionFailure when it cannot take the event now ({@code Throttled} and {@code
   *     Unavailable} are retried later) or never (anything else)
   */
  void deliver(byte[] payload, InvocationRequest request);
}
