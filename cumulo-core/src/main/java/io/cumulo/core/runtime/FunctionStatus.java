package io.cumulo.core.runtime;

import io.cumulo.core.manifest.FunctionSpec;

/**
 * A deployed function at one moment, for {@code cumulo ls} and the admin API.
 *
 * @param app the app's name
 * @param version the app's deployed version
 * @param spec the function's configuration
 * @param pool its instance pool's sizes
 * @param pendingEvents events for it in the log, not yet completed
 * @param invocations invocations since the server started
 * @param errors failed invocations since the server started
 * @param coldStarts invocations that created their instance
 * @param billedGbSeconds billed memory-time since the server started
 */
public record FunctionStatus(
    String app,
    int version,
    FunctionSpec spec,
    PoolStats pool,
    int pendingEvents,
    long invocations,
    long errors,
    long coldStarts,
    double billedGbSeconds) {}
