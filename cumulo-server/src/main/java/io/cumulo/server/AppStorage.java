package io.cumulo.server;

import io.cumulo.core.deploy.AppListener;
import io.cumulo.core.manifest.AppManifest;
import io.cumulo.core.manifest.RouteSpec;
import io.cumulo.core.storage.ObjectStore;
import io.cumulo.core.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Gives each deployed app what its manifest's {@code buckets} ask for: the buckets (created if
 * missing; never deleted with the app, since they hold user data), their CORS policies, and an S3
 * key scoped to them.
 */
final class AppStorage implements AppListener {
  /** The methods an S3 CORS rule may allow. */
  private static final Set<String> S3_CORS_METHODS = Set.of("GET", "PUT", "POST", "DELETE", "HEAD");

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
    manifest.bucketCors().forEach((bucket, cors) ->
        objects.putBucketConfig(bucket, "cors", corsDocument(cors)));
    credentials.forApp(manifest.name(), manifest.buckets());
  }

  /**
   * The manifest's CORS policy as the S3 {@code CORSConfiguration} document the S3 front enforces.
   * Methods default to GET, HEAD and PUT (browser downloads and presigned uploads); ETag is
   * exposed so browser multipart uploads can read it.
   */
  static byte[] corsDocument(RouteSpec.Cors cors) {
    StringBuilder xml = new StringBuilder("<CORSConfiguration><CORSRule>");
    cors.origins().forEach(origin -> xml.append("<AllowedOrigin>").append(origin).append("</AllowedOrigin>"));
    List<String> methods = cors.methods().isEmpty() ? List.of("GET", "HEAD", "PUT") : cors.methods();
    methods.stream().filter(S3_CORS_METHODS::contains)
        .forEach(method -> xml.append("<AllowedMethod>").append(method).append("</AllowedMethod>"));
    cors.headers().forEach(header -> xml.append("<AllowedHeader>").append(header).append("</AllowedHeader>"));
    xml.append("<ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>").append(cors.maxAge().toSeconds())
        .append("</MaxAgeSeconds></CORSRule></CORSConfiguration>");
    return xml.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void undeployed(String app) {
    credentials.removeApp(app);
  }
}
