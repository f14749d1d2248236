package io.cumulo.testing.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import java.util.ArrayList;
import java.util.List;

/** Allocates 8 MiB blocks and keeps them until the heap runs out. */
public final class Hog implements Handler<Object, Object> {
  @Override
  public Object handle(Object input, Context ctx) {
    List<byte[]> kept = new ArrayList<>();
    while (true) {
      kept.add(new byte[8 << 20]);
    }
  }
}
