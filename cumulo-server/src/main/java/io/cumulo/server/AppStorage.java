package io.cumulo.server;

import io.cumulo.core.deploy.AppListener;
import io.cumulo.core.manifest.AppManifest;
import io.cumulo.core.storage.ObjectStore;
import io.cumulo.core.storage.StorageException;

/**
 * Gives each deployed app what its manifest's {@code buckets} ask for: the buckets (created if
 * missing; never deleted with the app, since they hold user data) and an S3 key scoped to them.
 */
final class AppStorage implements AppListener {
  private final ObjectStore objects;
  private final S3Credentials credentials;

  AppStorage(ObjectStore objects, S3Credentials credentials) {
    this.objects = objects;
    this.credentials = credentials;
  }

  @Override
  public void deployed(AppManifest manifest, int version, java.nio.file.Path bundleDir) {
    for (String bucket : manifest.buckets()) {
      if (!objects.bucketExists(bucket)) {
        try {
          objects.createBucket(bucket);
        } catch (StorageException e) {
          if (!e.code().equals("BucketAlreadyOwnedByYou")) { // created meanwhile: fine
            throw e;
          }
        }
      }
    }
    credentials.forApp(manifest.name(), manifest.buckets());
  }

  @Override
  public void undeployed(String app) {
    credentials.removeApp(app);
  }
}
