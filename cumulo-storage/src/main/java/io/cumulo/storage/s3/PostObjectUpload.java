package io.cumulo.storage.s3;

import io.cumulo.core.storage.ObjectEventSink;
import io.cumulo.core.storage.ObjectInfo;
import io.cumulo.core.storage.ObjectStore;
import io.cumulo.core.storage.PutOptions;
import io.cumulo.core.storage.StorageException;
import io.cumulo.storage.auth.AccessKey;
import io.cumulo.storage.auth.PostPolicyVerifier;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * POST object: a browser uploads a file with an HTML form ({@code multipart/form-data}) whose
 * fields carry the key and a policy signed with a SigV4 key. The fields must come before the file,
 * as in S3; the file is streamed into the store.
 */
final class PostObjectUpload {
  /** More fields than this is not a form a browser would send. */
  private static final int MAX_FIELDS = 200;

  private final ObjectStore store;
  private final WriteIntents intents;
  private final ObjectEventSink events;
  private final S3ServerConfig config;
  private final PostPolicyVerifier policies;

  PostObjectUpload(ObjectStore store, ObjectEventSink events, S3ServerConfig config, PostPolicyVerifier policies,
      WriteIntents intents) {
    this.intents = intents;
    this.store = store;
    this.events = events;
    this.config = config;
    this.policies = policies;
  }

  void handle(S3Exchange x) throws IOException {
    String boundary = MultipartFormReader.boundary(x.header("Content-Type"));
    if (boundary == null) {
      throw S3Errors.invalidArgument("a POST object request is multipart/form-data with a boundary");
    }
    MultipartFormReader form = new MultipartFormReader(x.rawBody(), boundary);
    Map<String, String> fields = new LinkedHashMap<>();
    MultipartFormReader.Part file = null;
    for (MultipartFormReader.Part part = form.next(); part != null; part = form.next()) {
      if (part.name().equalsIgnoreCase("file")) {
        file = part;
        break;
      }
      if (fields.size() >= MAX_FIELDS) {
        throw S3Errors.invalidArgument("a POST form has at most " + MAX_FIELDS + " fields");
      }
      fields.put(part.name().toLowerCase(Locale.ROOT), form.readValue(config.maxPostFormFieldBytes()));
    }
    if (file == null) {
      throw S3Errors.invalidArgument("POST requires exactly one file upload per request.");
    }
    String key = fields.get("key");
    if (key == null || key.isEmpty()) {
      throw S3Errors.invalidArgument("Bucket POST must contain a field named 'key'.");
    }
    if (file.filename() != null) {
      key = key.replace("${filename}", file.filename());
    }
    fields.put("key", key);
    fields.put("bucket", x.bucket());
    if (fields.get("policy") == null) {
      throw S3Errors.accessDenied("Anonymous uploads are not allowed: a POST needs a signed policy");
    }
    AccessKey accessKey = policies.verify(fields.get("policy"), fields.get("x-amz-algorithm"),
        fields.get("x-amz-credential"), fields.get("x-amz-signature"));
    if (!accessKey.canAccess(x.bucket())) {
      throw S3Errors.accessDenied("Access Denied");
    }
    PostPolicy policy = PostPolicy.parse(fields.get("policy"));
    policy.check(fields);
    int status = successStatus(fields.get("success_action_status"));

    Map<String, String> metadata = new LinkedHashMap<>();
    fields.forEach((name, value) -> {
      if (name.startsWith("x-amz-meta-")) {
        metadata.put(name.substring("x-amz-meta-".length()), value);
      }
    });
    String contentType = fields.containsKey("content-type") ? fields.get("content-type") : file.contentType();
    long max = Math.min(policy.maxLength(), config.maxObjectBytes());
    ObjectInfo info;
    try (WriteIntents.Intent intent = intents.begin(x.bucket(), key)) {
      try (InputStream data = new BoundedStream(form.partStream(), policy.minLength(), max)) {
        info = store.put(x.bucket(), key, data, -1, new PutOptions(contentType, metadata, null, Map.of(), false));
      }
      events.objectCreated(info, "ObjectCreated:Post", x.requestId());
    }
    String location = "/" + S3Address.urlEncode(x.bucket()) + "/" + S3Address.urlEncode(key);
    x.setHeader("ETag", info.etag());
    x.setHeader("Location", location);
    if (status == 201) {
      x.sendXml(201, XmlWriter.bareDocument("PostResponse")
          .element("Location", location)
          .element("Bucket", x.bucket())
          .element("Key", key)
          .element("ETag", info.etag())
          .toBytes());
    } else {
      x.sendEmpty(status);
    }
  }

  /** {@code success_action_status}: 200, 201 or 204; anything else means S3's default, 204. */
  private static int successStatus(String value) {
    if (value == null) {
      return 204;
    }
    return switch (value.trim()) {
      case "200" -> 200;
      case "201" -> 201;
      default -> 204;
    };
  }

  /** Enforces the policy's content-length-range as the file streams: the store discards it on failure. */
  private static final class BoundedStream extends FilterInputStream {
    private final long min;
    private final long max;
    private long count;

    BoundedStream(InputStream in, long min, long max) {
      super(in);
      this.min = min;
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n < 0) {
        if (count < min) {
          throw new StorageException(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size");
        }
        return n;
      }
      count += n;
      if (count > max) {
        throw S3Errors.entityTooLarge(max);
      }
      return n;
    }
  }
}
