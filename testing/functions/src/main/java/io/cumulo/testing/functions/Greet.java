package io.cumulo.testing.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;

/** Record input and output: {"name":"Ada"} -> {"text":"Hello, Ada","function":"app/greet"}. */
public final class Greet implements Handler<Greet.Greeting, Greet.Reply> {
  public record Greeting(String name) {}

  public record Reply(String text, String function) {}

  @Override
  public Reply handle(Greeting input, Context ctx) {
    return new Reply("Hello, " + input.name(), ctx.functionName());
  }
}
