package io.cumulo.testing.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Never returns and ignores interrupts, like a handler stuck in a loop (but blocked rather than
 * spinning, so it does not eat a CPU core in the tests).
 */
public final class Hang implements Handler<Object, Object> {
  @Override
  public Object handle(Object input, Context ctx) {
    while (true) {
      LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
      Thread.interrupted();
    }
  }
}
