package io.cumulo.core.deploy;

import io.cumulo.core.manifest.AppManifest;
import java.nio.file.Path;

/**
 * Told about apps as they come and go, so other parts can set up what an app owns: its buckets,
 * its S3 key. Called after the functions are active, and again for every app restored at start,
 * so implementations must be idempotent. A listener that throws fails the deploy with its error.
 */
public interface AppListener {

  /** The app is deployed (or restored) with this manifest. */
  void deployed(AppManifest manifest);

  /**
   * The app is deployed (or restored) with this manifest, from the bundle unpacked in {@code
   * bundleDir}. Listeners that serve the bundle's files override this; by default it calls
   * {@link #deployed(AppManifest)}.
   */
  default void deployed(AppManifest manifest, Path bundleDir) {
    deployed(manifest);
  }

  /** The app was undeployed. */
  void undeployed(String app);
}
