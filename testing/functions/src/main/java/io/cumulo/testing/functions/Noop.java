package io.cumulo.testing.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;

/** Returns its raw JSON input as its result: the least work a handler can do, for benchmarks. */
public final class Noop implements Handler<byte[], byte[]> {
  @Override
  public byte[] handle(byte[] input, Context ctx) {
    return input;
  }
}
