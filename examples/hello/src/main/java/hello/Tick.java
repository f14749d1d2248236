package hello;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import io.cumulo.api.ScheduledEvent;

/** Runs once a minute on its schedule trigger and logs the time it was scheduled for. */
public final class Tick implements Handler<ScheduledEvent, Void> {
  @Override
  public Void handle(ScheduledEvent event, Context ctx) {
    ctx.logger().info("tick scheduled for " + event.time());
    return null;
  }
}
