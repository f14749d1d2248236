package io.cumulo.storage.s3;

import io.cumulo.core.storage.ObjectEventSink;
import io.cumulo.core.storage.ObjectInfo;
import io.cumulo.storage.auth.AccessKey;
import io.cumulo.storage.auth.CredentialStore;
import io.cumulo.storage.auth.PostPolicyVerifier;
import io.cumulo.storage.auth.SigV4Verifier;
import io.cumulo.storage.fs.FilesystemObjectStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A real {@link S3Server} on port 0 over a {@link FilesystemObjectStore} in a temp dir, with a root
 * key and an app key scoped to {@link #APP_BUCKET}, and the clients tests talk to it with.
 */
final class S3TestServer implements AutoCloseable {
  static final String ROOT_ID = "ROOTKEYID00000000001";
  static final String ROOT_SECRET = "root-secret-0123456789abcdefghijklmnopqr";
  static final String APP_ID = "APPKEYID000000000001";
  static final String APP_SECRET = "app-secret-0123456789abcdefghijklmnopqrs";
  static final String APP_BUCKET = "app-bucket";

  final FilesystemObjectStore store;
  final RecordingEvents events = new RecordingEvents();
  final S3Server server;
  final S3Client s3;
  final HttpClient http = HttpClient.newHttpClient();

  S3TestServer(Path dir) throws Exception {
    InstantSource clock = Clock.systemUTC();
    store = FilesystemObjectStore.open(dir, clock);
    Map<String, AccessKey> keys = Map.of(
        ROOT_ID, new AccessKey(ROOT_ID, ROOT_SECRET, null, "root"),
        APP_ID, new AccessKey(APP_ID, APP_SECRET, Set.of(APP_BUCKET), "app"));
    CredentialStore credentials = id -> Optional.ofNullable(keys.get(id));
    server = new S3Server(store, new SigV4Verifier(credentials, clock), new PostPolicyVerifier(credentials, clock), events,
        S3ServerConfig.defaults().withPort(0));
    server.start();
    s3 = client(ROOT_ID, ROOT_SECRET);
  }

  S3Client client(String id, String secret) {
    return S3Client.builder()
        .endpointOverride(server.uri())
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret)))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  S3Presigner presigner() {
    return S3Presigner.builder()
        .endpointOverride(server.uri())
        .region(Region.US_EAST_1)
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ROOT_ID, ROOT_SECRET)))
        .build();
  }

  /** Sends a request signed (header SigV4, hex payload hash) with the root key, as a hand-written client would. */
  HttpResponse<String> signed(String method, String pathAndQuery, byte[] body, Map<String, String> headers)
      throws Exception {
    URI uri = URI.create(server.uri() + pathAndQuery);
    SdkHttpFullRequest.Builder builder = SdkHttpFullRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
    headers.forEach(builder::putHeader);
    if (body != null) {
      builder.contentStreamProvider(() -> new java.io.ByteArrayInputStream(body));
    }
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create(ROOT_ID, ROOT_SECRET))
        .request(builder.build())
        .payload(body == null ? null : () -> new java.io.ByteArrayInputStream(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
        .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
        .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, true));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    signed.request().headers().forEach((name, values) -> {
      if (!Set.of("host", "content-length").contains(name.toLowerCase(java.util.Locale.ROOT))) {
        values.forEach(v -> request.header(name, v));
      }
    });
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    s3.close();
    server.close();
    store.close();
  }

  /** The events the server reported, in order. */
  static final class RecordingEvents implements ObjectEventSink {
    record Event(String name, String bucket, String key, String requestId) {}

    final List<Event> events = new CopyOnWriteArrayList<>();
    /** While set, thrown by objectCreated (to test how the front answers a failing sink). */
    volatile RuntimeException failWith;

    @Override
    public void objectCreated(ObjectInfo object, String eventName, String requestId) {
      RuntimeException failure = failWith;
      if (failure != null) {
        throw failure;
      }
      events.add(new Event(eventName, object.bucket(), object.key(), requestId));
    }

    @Override
    public void objectRemoved(String bucket, String key, String eventName, String requestId) {
      events.add(new Event(eventName, bucket, key, requestId));
    }

    List<Event> forKey(String key) {
      return events.stream().filter(e -> e.key().equals(key)).toList();
    }
  }
}
