package io.cumulo.storage.s3;

import io.cumulo.core.CumuloException;
import io.cumulo.core.storage.ObjectEventSink;
import io.cumulo.core.storage.ObjectStore;
import io.cumulo.storage.auth.PostPolicyVerifier;
import io.cumulo.storage.auth.S3Request;
import io.cumulo.storage.auth.SigV4Verifier;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The S3 REST API over an {@link ObjectStore}, so the AWS SDKs, the aws CLI, boto3 and presigned
 * URLs work unchanged. Path-style ({@code /bucket/key}) and virtual-host style
 * ({@code bucket.<baseDomain>}) addressing; every request is authenticated with SigV4 (header or
 * presigned query) except CORS preflights and browser form uploads (POST policy). Requests run on
 * virtual threads and bodies are streamed to and from the store.
 *
 * <p>Errors are mapped here, once: a {@link CumuloException} becomes S3's XML error document with
 * its status and code; anything else a 500 {@code InternalError} whose details stay in the log
 * under the request id.
 */
public final class S3Server implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(S3Server.class);
  /** Request headers larger than this are refused with 431. */
  static final int MAX_REQUEST_HEADER_BYTES = 16 * 1024;
  /** Before an error answer, up to this much of an unread request body is read and dropped. */
  static final long MAX_DISCARDED_BODY_BYTES = 1024 * 1024;
  /** Sub-resources S3 has and we do not: answered 501 NotImplemented rather than misread as a plain GET or PUT. */
  private static final Set<String> UNSUPPORTED_SUBRESOURCES = Set.of(
      "accelerate", "acl", "analytics", "attributes", "encryption", "intelligent-tiering", "inventory", "legal-hold",
      "lifecycle", "logging", "metrics", "object-lock", "ownershipControls", "policy", "policyStatus",
      "publicAccessBlock", "replication", "requestPayment", "restore", "retention", "select", "tagging", "torrent",
      "website", "renameObject", "session");

  private final Server server;
  private final ServerConnector connector;
  private final SigV4Verifier verifier;
  private final BucketOperations buckets;
  private final ObjectOperations objects;
  private final ListOperations listings;
  private final MultipartOperations multipart;
  private final CorsResponder cors;
  private final PostObjectUpload postObject;
  private final S3ServerConfig config;
  private final ObjectStore store;
  private final ObjectEventSink events;
  private final WriteIntents intents;

  /**
   * @param store where buckets and objects live; the server does not close it
   * @param verifier checks SigV4 signatures (headers and presigned URLs)
   * @param postPolicies checks the signed policies of browser form uploads
   * @param events told of every object created or removed, before the client's success response
   * @param config where to listen and the request limits
   */
  public S3Server(ObjectStore store, SigV4Verifier verifier, PostPolicyVerifier postPolicies, ObjectEventSink events,
      S3ServerConfig config) {
    this(store, verifier, postPolicies, events, config, null);
  }

  /**
   * A server whose writes survive a crash between an object's commit and its event: see
   * {@link WriteIntents}.
   *
   * @param intentDir where write intents are kept (e.g. {@code <data>/s3-intents}); null keeps
   *     none, for a server whose events nobody subscribes to
   */
  public S3Server(ObjectStore store, SigV4Verifier verifier, PostPolicyVerifier postPolicies, ObjectEventSink events,
      S3ServerConfig config, java.nio.file.Path intentDir) {
    Objects.requireNonNull(store, "store");
    this.store = store;
    this.events = events;
    this.intents = new WriteIntents(intentDir);
    Objects.requireNonNull(events, "events");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.config = Objects.requireNonNull(config, "config");
    this.buckets = new BucketOperations(store, config);
    this.objects = new ObjectOperations(store, events, config, intents);
    this.listings = new ListOperations(store);
    this.multipart = new MultipartOperations(store, events, config, this::uri, intents);
    this.cors = new CorsResponder(store);
    this.postObject = new PostObjectUpload(store, events, config, Objects.requireNonNull(postPolicies, "postPolicies"),
        intents);

    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("cumulo-s3");
    threads.setVirtualThreadsExecutor(new VirtualThreadPool());
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
    http.setSendServerVersion(false);
    http.setSendDateHeader(true);
    // S3 keys may hold "//", "..", "%2F" and other sequences a web server would normalise or refuse;
    // we never map paths to files, so take the path as the client signed it.
    http.setUriCompliance(UriCompliance.UNSAFE);
    // Signatures cover header values byte for byte; Jetty's header cache would otherwise hand us its
    // own spelling of a known value ("charset=utf-8" for the client's "charset=UTF-8").
    http.setHeaderCacheCaseSensitive(true);
    connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(config.host());
    connector.setPort(config.port());
    connector.setIdleTimeout(config.idleTimeout().toMillis());
    server.addConnector(connector);
    server.setErrorHandler(new S3ErrorPages());
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        S3Server.this.handle(request, response, callback);
        return true;
      }
    });
  }

  public void start() throws Exception {
    // Before any request: writes a crash cut between commit and event are announced first.
    intents.recover(store, events);
    server.start();
  }

  /** The base URL clients use, e.g. {@code http://127.0.0.1:9000}. */
  public URI uri() {
    String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort());
  }

  private void handle(Request request, Response response, Callback callback) {
    S3Exchange x = new S3Exchange(request, response, callback, S3ErrorPages.newRequestId());
    try {
      S3Address address = S3Address.resolve(x.rawPath(), x.header("Host"), config.baseDomain());
      x.address(address.bucket(), address.key());
      if (x.method().equals("OPTIONS")) {
        cors.preflight(x);
        return;
      }
      // Before authentication, so a browser can read the error of a refused request too.
      cors.decorate(x);
      if (isFormUpload(x)) {
        postObject.handle(x);
        return;
      }
      x.authenticated(verifier.authenticate(new S3Request(x.method(), x.rawPath(),
          x.rawQuery() == null ? "" : x.rawQuery(), x.headersLowerCased(), x.header("Host"))));
      if (x.bucket() != null && !x.accessKey().canAccess(x.bucket())) {
        throw S3Errors.accessDenied("Access Denied");
      }
      route(x);
    } catch (CumuloException e) {
      sendError(x, e.httpStatus(), e.code(), e.getMessage(), e);
    } catch (Exception | Error e) {
      log.error("S3 request {} {} {} failed", x.requestId(), x.method(), x.rawPath(), e);
      sendError(x, 500, "InternalError", "We encountered an internal error. Please try again.", e);
    }
  }

  private static boolean isFormUpload(S3Exchange x) {
    String contentType = x.header("Content-Type");
    return x.method().equals("POST") && x.bucket() != null && x.key() == null && contentType != null
        && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
  }

  private void route(S3Exchange x) throws Exception {
    for (String name : x.params().keySet()) {
      if (UNSUPPORTED_SUBRESOURCES.contains(name)) {
        throw S3Errors.notImplemented("A request parameter you provided implies functionality that is not implemented: " + name);
      }
    }
    String method = x.method();
    if (x.bucket() == null) {
      if (!method.equals("GET")) {
        throw S3Errors.methodNotAllowed(method);
      }
      buckets.listBuckets(x);
    } else if (x.key() == null) {
      routeBucket(x, method);
    } else {
      routeObject(x, method);
    }
  }

  private void routeBucket(S3Exchange x, String method) {
    switch (method) {
      case "GET" -> {
        if (x.hasParam("location")) {
          buckets.location(x);
        } else if (x.hasParam("versioning")) {
          buckets.versioning(x);
        } else if (x.hasParam("cors")) {
          buckets.getCors(x);
        } else if (x.hasParam("notification")) {
          buckets.getNotification(x);
        } else if (x.hasParam("versions")) {
          listings.listVersions(x);
        } else if (x.hasParam("uploads")) {
          multipart.listUploads(x);
        } else if ("2".equals(x.param("list-type"))) {
          listings.listV2(x);
        } else {
          listings.listV1(x);
        }
      }
      case "PUT" -> {
        if (x.hasParam("cors")) {
          buckets.putCors(x);
        } else if (x.hasParam("notification")) {
          buckets.putNotification(x);
        } else if (x.hasParam("versioning")) {
          throw S3Errors.notImplemented("bucket versioning is not supported; buckets stay unversioned");
        } else {
          buckets.create(x);
        }
      }
      case "DELETE" -> {
        if (x.hasParam("cors")) {
          buckets.deleteCors(x);
        } else {
          buckets.delete(x);
        }
      }
      case "HEAD" -> buckets.head(x);
      case "POST" -> {
        if (!x.hasParam("delete")) {
          throw S3Errors.methodNotAllowed(method);
        }
        objects.deleteObjects(x);
      }
      default -> throw S3Errors.methodNotAllowed(method);
    }
  }

  private void routeObject(S3Exchange x, String method) throws Exception {
    switch (method) {
      case "GET", "HEAD" -> {
        if (x.hasParam("uploadId") && method.equals("GET")) {
          multipart.listParts(x);
        } else {
          objects.get(x);
        }
      }
      case "PUT" -> {
        if (x.hasParam("uploadId") || x.hasParam("partNumber")) {
          multipart.uploadPart(x);
        } else if (x.header("x-amz-copy-source") != null) {
          objects.copy(x);
        } else {
          objects.put(x);
        }
      }
      case "DELETE" -> {
        if (x.hasParam("uploadId")) {
          multipart.abort(x);
        } else {
          objects.delete(x);
        }
      }
      case "POST" -> {
        if (x.hasParam("uploads")) {
          multipart.create(x);
        } else if (x.hasParam("uploadId")) {
          multipart.complete(x);
        } else {
          throw S3Errors.methodNotAllowed(method);
        }
      }
      default -> throw S3Errors.methodNotAllowed(method);
    }
  }

  private static void sendError(S3Exchange x, int status, String code, String message, Throwable cause) {
    if (x.committed()) {
      // The status line is out; all we can do is cut the connection so the client sees a failure.
      x.fail(cause);
      return;
    }
    x.discardBody(MAX_DISCARDED_BODY_BYTES);
    byte[] body = XmlWriter.bareDocument("Error")
        .element("Code", code)
        .element("Message", message)
        .element("Resource", x.resource())
        .element("RequestId", x.requestId())
        .element("HostId", x.requestId())
        .toBytes();
    x.sendXml(status, body);
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
