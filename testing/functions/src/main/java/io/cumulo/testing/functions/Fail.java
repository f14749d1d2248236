package io.cumulo.testing.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;

/** Always throws IllegalStateException("boom"). */
public final class Fail implements Handler<Object, Object> {
  @Override
  public Object handle(Object input, Context ctx) {
    ctx.logger().warn("about to fail on attempt " + ctx.attempt());
    throw new IllegalStateException("boom");
  }
}
