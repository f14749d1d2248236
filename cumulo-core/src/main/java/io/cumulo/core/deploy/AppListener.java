package io.cumulo.core.deploy;

import io.cumulo.core.manifest.AppManifest;
import java.nio.file.Path;

/**
 * Told about apps as they come and go, so other parts can set up what an app owns: its buckets,
 * its S3 key. Called after the functions are active, and again for every app restored at start,
 * so implementations must be idempotent. A listener that throws fails the deploy with its error.
 */
public interface AppListener {

  /**
   * Called before anything of a new deployment takes effect: throw a {@code CumuloException} to
   * refuse it (e.g. a host name another app serves), and nothing changes. By default accepts.
   */
  default void check(AppManifest manifest) {}

  /**
   * As {@link #check(AppManifest)}, for listeners that also read files of the bundle (e.g. workflow
   * definitions); {@code bundleDir} is the unpacked bundle, valid only during the call. By default
   * calls {@link #check(AppManifest)}.
   */
  default void check(AppManifest manifest, Path bundleDir) {
    check(manifest);
  }

  /**
   * The app is deployed (or restored) as {@code version} from {@code bundleDir}, which stays in
   * place while that version runs.
   */
  void deployed(AppManifest manifest, int version, Path bundleDir);

  /** The app was undeployed. */
  void undeployed(String app);
}
