package io.cumulo.bench.soak;

import io.cumulo.core.metering.Metering;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;

/**
 * The server's count of the soak app's invocations by outcome ({@code cumulo_invocations}): every
 * request invokes {@code soak/front} once and queues one async {@code soak/tail}, so when the load
 * has stopped and the backlog drained, tail's total equals front's successes.
 *
 * @param frontSucceeded route invocations that succeeded
 * @param frontFailed route invocations that failed
 * @param tailSucceeded async invocations that succeeded
 * @param tailFailed async invocation attempts that failed (each is retried)
 */
public record InvocationCounts(long frontSucceeded, long frontFailed, long tailSucceeded, long tailFailed) {

  /** Reads the counters until tail has caught up with front or {@code wait} has passed. */
  static InvocationCounts awaitDrained(Metering metering, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    InvocationCounts counts = read(metering);
    while (counts.backlog() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      counts = read(metering);
    }
    return counts;
  }

  /** Async invokes queued by successful front invocations and not (yet) run successfully. */
  public long backlog() {
    return frontSucceeded - tailSucceeded;
  }

  private static InvocationCounts read(Metering metering) {
    return new InvocationCounts(count(metering, "soak/front", "succeeded"), count(metering, "soak/front", "failed"),
        count(metering, "soak/tail", "succeeded"), count(metering, "soak/tail", "failed"));
  }

  private static long count(Metering metering, String function, String outcome) {
    Counter counter = metering.registry().find("cumulo_invocations").tag("function", function)
        .tag("outcome", outcome).counter();
    return counter == null ? 0 : (long) counter.count();
  }

  @Override
  public String toString() {
    return "invocations: front " + frontSucceeded + " succeeded / " + frontFailed + " failed; async tail "
        + tailSucceeded + " succeeded / " + tailFailed + " failed; backlog after the drain wait " + backlog();
  }
}
