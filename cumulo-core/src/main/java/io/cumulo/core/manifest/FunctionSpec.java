package io.cumulo.core.manifest;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One function of an app, with every option resolved to its value or default. Defaults and bounds
 * are stated once, in {@link ManifestLimits}.
 *
 * @param name the function's name within its app (same rules as app names)
 * @param handler the fully qualified class implementing {@code io.cumulo.api.Handler}
 * @param code where the handler's classes are
 * @param memoryMb memory in MiB, used for billing (GB-seconds)
 * @param timeout how long one invocation may run before it is interrupted and fails
 * @param concurrency how many invocations one instance serves at once
 * @param minInstances instances kept warm even when idle
 * @param maxInstances the most instances the pool scales out to
 * @param maxQueued how many invocations may wait for an instance before new ones are throttled
 * @param idleTimeout how long an instance may sit idle before it is scaled in
 * @param maxAttempts how many times an event or async invocation is tried before the DLQ
 * @param env environment given to the handler through {@code Context.env()}
 * @param triggers what invokes the function besides direct calls
 */
public record FunctionSpec(
    String name,
    String handler,
    CodeSource code,
    int memoryMb,
    Duration timeout,
    int concurrency,
    int minInstances,
    int maxInstances,
    int maxQueued,
    Duration idleTimeout,
    int maxAttempts,
    Map<String, String> env,
    List<Trigger> triggers) {
  public FunctionSpec {
    env = Map.copyOf(env);
    triggers = List.copyOf(triggers);
  }
}
