package io.cumulo.core.state;

import java.time.Instant;

/**
 * One deployment of an app.
 *
 * @param name the app's name
 * @param version increases by one with each deployment of the app, starting at 1
 * @param bundleDir where the unpacked bundle (manifest and code) lives, relative to the data dir
 * @param deployedAt when the deployment was accepted
 */
public record DeployedApp(String name, int version, String bundleDir, Instant deployedAt) {}
