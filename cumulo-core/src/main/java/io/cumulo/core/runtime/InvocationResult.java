package io.cumulo.core.runtime;

/**
 * A successful invocation.
 *
 * @param invocationId the invocation's id
 * @param output the handler's result as JSON
 * @param coldStart whether the instance was created for this invocation
 * @param durationMicros the handler's run time
 * @param billedMbMs memory (MiB) times the duration rounded up to whole milliseconds
 */
public record InvocationResult(
    String invocationId, byte[] output, boolean coldStart, long durationMicros, long billedMbMs) {}
