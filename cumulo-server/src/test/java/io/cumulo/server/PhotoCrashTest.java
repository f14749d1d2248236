package io.cumulo.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The crash suite of issue 7: the photo app under a seeded random load (uploads through the S3 API
 * and through presigned URLs, a few bad photos, some deletes) while the server, a child JVM, is
 * killed with SIGKILL at random moments and restarted on the same data dir. Once the pipeline has
 * settled, DESIGN.md's promises are checked across storage, the catalog and the search index:
 * accepted means durable, at-least-once processing, and no partial object ever visible.
 *
 * <p>The seed is printed; {@code -Dcumulo.crash.seed=N} replays its schedule (what is uploaded,
 * in which order, when the kills come; thread timing still varies). {@code -Dcumulo.crash.uploads}
 * and {@code -Dcumulo.crash.kills} make the long form.
 */
class PhotoCrashTest {
  private static final String UPLOADS = "photos-uploads";
  private static final String DERIVED = "photos-derived";
  private static final List<Integer> SIZES = List.of(256, 512, 1024);
  private static final List<String> AUTOMATIC_FILTERS = List.of("grayscale", "sepia", "vivid");
  private static final List<String> GOOD_SAMPLES = List.of("horse.png", "moon.png", "page.png", "coins.png",
      "rocket.jpg", "camera.png", "color.png");
  private static final int WORKERS = 3;
  private static final Pattern DERIVED_KEY = Pattern.compile("([A-Za-z0-9_-]{16})/(?:(\\d+)\\.(jpg|webp)|filters/([a-z]+)\\.jpg)");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<Integer, Outcome> outcomes = new ConcurrentHashMap<>();
  private volatile Endpoints endpoints;
  private volatile boolean serverDown;
  /** Until when (System.nanoTime) the search index may still be catching up with the catalog. */
  private long indexDeadline;

  /** One planned step of the load: an upload (of a sample or a bad file) or the delete of an earlier upload. */
  private record Op(int index, Kind kind, String sample, int target) {}

  private enum Kind { SDK_PUT, PRESIGNED_PUT, BAD_TRUNCATED, BAD_TEXT, DELETE }

  /** What the client saw: for uploads the key and bytes tried, whether the PUT was acknowledged. */
  private record Outcome(Op op, String key, byte[] bytes, boolean acknowledged, String etag) {}

  /** Where the running server is; changes with every restart (ports are chosen anew). */
  private record Endpoints(ServerProcess process, URI http, S3Client s3) {}

  @Test
  @Timeout(900)
  void keepsEveryAcknowledgedPhotoProcessedAndConsistent_whenKilledRepeatedlyUnderLoad(
      // Kept when the test fails: the data dir and the last server's log are the evidence.
      @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir)
      throws Exception {
    long seed = Long.getLong("cumulo.crash.seed", System.nanoTime());
    int uploads = Integer.getInteger("cumulo.crash.uploads", 100);
    int kills = Integer.getInteger("cumulo.crash.kills", 2);
    System.out.printf("PhotoCrashTest seed=%d uploads=%d kills=%d in %s (replay with -Dcumulo.crash.seed=%d)%n",
        seed, uploads, kills, dir, seed);
    SplittableRandom random = new SplittableRandom(seed);
    List<Op> plan = plan(random.split(), uploads);
    Path data = dir.resolve("data");
    long started = System.nanoTime();

    endpoints = start(data);
    deploy();
    AtomicInteger next = new AtomicInteger();
    long meanPauseMillis = Math.max(10, kills * 3250L * WORKERS / Math.max(1, uploads));
    try (ExecutorService clients = Executors.newFixedThreadPool(WORKERS)) {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        SplittableRandom pauses = random.split();
        workers.add(clients.submit(() -> {
          for (int i = next.getAndIncrement(); i < plan.size(); i = next.getAndIncrement()) {
            Thread.sleep(pauses.nextLong(0, 2 * meanPauseMillis + 1));
            while (serverDown) {
              Thread.sleep(20);
            }
            run(plan.get(i));
          }
          return null;
        }));
      }
      for (int k = 1; k <= kills; k++) {
        Thread.sleep(random.nextLong(1000, 5000));
        serverDown = true;
        endpoints.process().kill();
        endpoints.s3().close();
        System.out.printf("PhotoCrashTest kill %d at %.1f s, after %d of %d steps%n", k,
            (System.nanoTime() - started) / 1e9, Math.min(next.get(), plan.size()), plan.size());
        endpoints = start(data);
        awaitCatalog();
        serverDown = false;
        System.out.printf("PhotoCrashTest restarted at %.1f s%n", (System.nanoTime() - started) / 1e9);
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    }
    try {
      finishUnknownDeletes();
      long settleStarted = System.nanoTime();
      Expectation expected = expectation();
      boolean settled = settled(expected, Duration.ofSeconds(Math.max(60, uploads / 2)));
      List<String> violations = verify(expected);
      if (!settled) {
        violations.addFirst("the pipeline did not settle in time; what was still open is listed below");
      }
      long acknowledged = outcomes.values().stream().filter(o -> o.op().kind() != Kind.DELETE && o.acknowledged()).count();
      System.out.printf("PhotoCrashTest seed=%d: %d steps, %d uploads acknowledged, %d not, %d deleted, %d kills; "
              + "settled in %.1f s, %.1f s in all; %d violations%n", seed, plan.size(), acknowledged,
          outcomes.values().stream().filter(o -> o.op().kind() != Kind.DELETE && !o.acknowledged()).count(),
          expected.deleted().size(), kills, (System.nanoTime() - settleStarted) / 1e9,
          (System.nanoTime() - started) / 1e9, violations.size());
      assertThat(violations).as("seed %d: promises broken", seed).isEmpty();
    } finally {
      endpoints.s3().close();
      endpoints.process().close();
    }
  }

  /** The load: mostly good photos, one in 25 bad, one in 10 a delete of an earlier upload. */
  private static List<Op> plan(SplittableRandom random, int uploads) {
    List<Op> plan = new ArrayList<>();
    List<Integer> uploadSteps = new ArrayList<>();
    while (uploadSteps.size() < uploads) {
      int index = plan.size();
      int roll = random.nextInt(100);
      if (roll < 10 && uploadSteps.size() > 5) {
        plan.add(new Op(index, Kind.DELETE, null, uploadSteps.get(random.nextInt(uploadSteps.size()))));
        continue;
      }
      Kind kind = roll < 12 ? Kind.BAD_TRUNCATED : roll < 14 ? Kind.BAD_TEXT
          : roll < 57 ? Kind.SDK_PUT : Kind.PRESIGNED_PUT;
      String sample = kind == Kind.BAD_TRUNCATED ? "truncated.jpg" : GOOD_SAMPLES.get(random.nextInt(GOOD_SAMPLES.size()));
      plan.add(new Op(index, kind, sample, -1));
      uploadSteps.add(index);
    }
    return plan;
  }

  private void run(Op op) {
    try {
      switch (op.kind()) {
        case SDK_PUT, BAD_TRUNCATED, BAD_TEXT -> sdkPut(op);
        case PRESIGNED_PUT -> presignedPut(op);
        case DELETE -> delete(op);
      }
    } catch (IOException | RuntimeException e) {
      // The server was killed under this step: its outcome is unknown to the client.
      outcomes.putIfAbsent(op.index(), new Outcome(op, null, null, false, null));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void sdkPut(Op op) {
    String key = "crash/" + fileName(op);
    byte[] bytes = bytesOf(op);
    outcomes.put(op.index(), new Outcome(op, key, bytes, false, null));
    String etag = endpoints.s3().putObject(b -> b.bucket(UPLOADS).key(key).contentType(contentType(op)),
        RequestBody.fromBytes(bytes)).eTag();
    outcomes.put(op.index(), new Outcome(op, key, bytes, true, etag));
  }

  private void presignedPut(Op op) throws IOException, InterruptedException {
    byte[] bytes = bytesOf(op);
    String request = "{\"fileName\":\"" + fileName(op) + "\",\"contentType\":\"" + contentType(op)
        + "\",\"size\":" + bytes.length + "}";
    HttpResponse<String> granted = http.send(HttpRequest.newBuilder(endpoints.http().resolve("/apps/photos/api/uploads"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(request)).build(), HttpResponse.BodyHandlers.ofString());
    if (granted.statusCode() != 201) {
      throw new IOException("no upload URL: " + granted.statusCode() + " " + granted.body());
    }
    JsonNode grant = RunningServer.json(granted);
    String key = grant.get("key").asText();
    outcomes.put(op.index(), new Outcome(op, key, bytes, false, null));
    HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(grant.get("uploadUrl").asText()))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", contentType(op))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
    if (put.statusCode() == 200) {
      outcomes.put(op.index(), new Outcome(op, key, bytes, true, put.headers().firstValue("ETag").orElse(null)));
    }
  }

  /**
   * Deletes an earlier upload once the catalog has it (the row appears when processing starts).
   * Acknowledged means 204; an error or a kill leaves it unknown, and it is retried at the end as
   * a client would.
   */
  private void delete(Op op) throws IOException, InterruptedException {
    Outcome upload = outcomes.get(op.target());
    if (upload == null || !upload.acknowledged()) {
      // Nothing to delete as far as the client knows: recorded without a key, it expects nothing.
      outcomes.put(op.index(), new Outcome(op, null, null, true, null));
      return;
    }
    outcomes.put(op.index(), new Outcome(op, upload.key(), null, false, null));
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      int status = deletePhoto(idOf(upload.key()));
      if (status == 204) {
        outcomes.put(op.index(), new Outcome(op, upload.key(), null, true, null));
        return;
      }
      if (status != 404) {
        return;
      }
      Thread.sleep(100);
    }
  }

  private int deletePhoto(String id) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(endpoints.http().resolve("/apps/photos/api/photos/" + id))
        .timeout(Duration.ofSeconds(60)).DELETE().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /**
   * A client whose DELETE failed tries again until it gets 204, or 404 with the original gone (an
   * earlier attempt finished it); a 404 while the original is there means the row is not made yet.
   */
  private void finishUnknownDeletes() throws IOException, InterruptedException {
    for (Outcome outcome : List.copyOf(outcomes.values())) {
      if (outcome.op().kind() == Kind.DELETE && !outcome.acknowledged() && outcome.key() != null) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int status = deletePhoto(idOf(outcome.key()));
        while (status != 204 && (status != 404 || originals().containsKey(outcome.key()))) {
          assertThat(System.nanoTime()).as("retried delete of %s: %d", outcome.key(), status).isLessThan(deadline);
          Thread.sleep(200);
          status = deletePhoto(idOf(outcome.key()));
        }
        outcomes.put(outcome.op().index(), new Outcome(outcome.op(), outcome.key(), null, true, null));
      }
    }
  }

  /** Which originals must be there (acknowledged, not deleted) and which must be gone. */
  private record Expectation(Map<String, Outcome> present, Map<String, Outcome> maybe, Set<String> deleted) {}

  private Expectation expectation() {
    Set<String> deleted = new HashSet<>();
    for (Outcome o : outcomes.values()) {
      if (o.op().kind() == Kind.DELETE && o.acknowledged() && o.key() != null) {
        deleted.add(o.key());
      }
    }
    Map<String, Outcome> present = new HashMap<>();
    Map<String, Outcome> maybe = new HashMap<>();
    for (Outcome o : outcomes.values()) {
      if (o.op().kind() != Kind.DELETE && o.key() != null && !deleted.contains(o.key())) {
        (o.acknowledged() ? present : maybe).put(o.key(), o);
      }
    }
    return new Expectation(present, maybe, deleted);
  }

  /**
   * Waits until every original in storage has a finished row (with its automatic filters when
   * ready), every acknowledged one has a row and no deleted one has; false if that takes too long.
   */
  private boolean settled(Expectation expected, Duration timeout) {
    try {
      awaitSettled(expected, timeout);
      return true;
    } catch (AssertionError e) {
      return false;
    }
  }

  private void awaitSettled(Expectation expected, Duration timeout) {
    RunningServer.await(timeout, "the pipeline to settle", () -> pausedPoll(() -> {
      Map<String, JsonNode> rows = catalogByKey();
      for (String key : originals().keySet()) {
        JsonNode row = rows.get(key);
        if (row == null || !finished(row)) {
          return false;
        }
      }
      return expected.present().keySet().stream().allMatch(rows::containsKey)
          && expected.deleted().stream().noneMatch(rows::containsKey);
    }));
  }

  /** Each poll lists every object and row: a pause between polls keeps it from loading the server it waits for. */
  private static boolean pausedPoll(java.util.function.BooleanSupplier condition) {
    if (condition.getAsBoolean()) {
      return true;
    }
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  private static boolean finished(JsonNode row) {
    String status = row.get("status").asText();
    return status.equals("failed")
        || status.equals("ready") && AUTOMATIC_FILTERS.stream().allMatch(row.path("filters")::has);
  }

  private List<String> verify(Expectation expected) throws IOException, InterruptedException {
    List<String> violations = new ArrayList<>();
    indexDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Map<String, Long> originals = originals();
    List<JsonNode> rows = catalog();
    Map<String, JsonNode> rowsByKey = new HashMap<>();
    Set<String> ids = new HashSet<>();
    for (JsonNode row : rows) {
      if (rowsByKey.put(row.get("key").asText(), row) != null) {
        violations.add("two catalog rows for original " + row.get("key").asText());
      }
      if (!ids.add(row.get("id").asText())) {
        violations.add("two catalog rows with id " + row.get("id").asText());
      }
    }

    for (Outcome upload : expected.present().values()) {
      checkOriginal(upload, true, originals, violations);
    }
    for (Outcome upload : expected.maybe().values()) {
      checkOriginal(upload, false, originals, violations);
    }
    for (Map.Entry<String, Long> original : originals.entrySet()) {
      String key = original.getKey();
      JsonNode row = rowsByKey.get(key);
      Outcome upload = expected.present().getOrDefault(key, expected.maybe().get(key));
      if (upload == null) {
        violations.add("an original nobody uploaded (a temp name?): " + key);
        continue;
      }
      if (row == null) {
        violations.add("original without a catalog row: " + key + " (PUT " + (upload.acknowledged()
            ? "acknowledged" : "not acknowledged, cut by a kill") + ")");
        continue;
      }
      boolean bad = upload.op().kind() == Kind.BAD_TRUNCATED || upload.op().kind() == Kind.BAD_TEXT;
      String status = row.get("status").asText();
      if (bad && !(status.equals("failed") && !row.path("error").asText("").isBlank())) {
        violations.add("bad photo " + key + " is " + status + " (expected failed with a reason): " + row);
      } else if (!bad && !status.equals("ready")) {
        violations.add("photo " + key + " is " + status + ", not ready: " + row);
      }
      if (!idOf(key).equals(row.get("id").asText())) {
        violations.add("photo " + key + " has id " + row.get("id").asText() + ", not " + idOf(key));
      }
      checkSearch(key, row.get("id").asText(), true, violations);
    }
    for (JsonNode row : rows) {
      if (!originals.containsKey(row.get("key").asText())) {
        violations.add("catalog row without its original: " + row);
      }
    }
    for (String key : expected.deleted()) {
      if (originals.containsKey(key) || rowsByKey.containsKey(key)) {
        violations.add("deleted photo " + key + " is still there (original: " + originals.containsKey(key)
            + ", row: " + rowsByKey.containsKey(key) + ")");
      }
      checkSearch(key, idOf(key), false, violations);
    }
    checkDerived(rows, violations);
    return violations;
  }

  /** Acknowledged: must be there with the bytes sent and their MD5 as ETag. Otherwise: absent or complete. */
  private void checkOriginal(Outcome upload, boolean mustExist, Map<String, Long> originals, List<String> violations)
      throws IOException, InterruptedException {
    if (!originals.containsKey(upload.key())) {
      if (mustExist) {
        violations.add("acknowledged upload lost: " + upload.key());
      }
      return;
    }
    byte[] stored;
    String etag;
    try {
      var got = endpoints.s3().getObjectAsBytes(b -> b.bucket(UPLOADS).key(upload.key()));
      stored = got.asByteArray();
      etag = got.response().eTag();
    } catch (NoSuchKeyException e) {
      violations.add("listed but not readable: " + upload.key());
      return;
    }
    if (!java.util.Arrays.equals(stored, upload.bytes())) {
      violations.add("original " + upload.key() + " has " + stored.length + " bytes, not the " + upload.bytes().length + " sent");
    }
    if (originals.get(upload.key()) != stored.length) {
      violations.add("original " + upload.key() + " is listed with " + originals.get(upload.key()) + " bytes but has " + stored.length);
    }
    String md5 = "\"" + md5(upload.bytes()) + "\"";
    if (!md5.equals(etag)) {
      violations.add("original " + upload.key() + " has ETag " + etag + ", not " + md5);
    }
    if (upload.acknowledged() && upload.etag() != null && !md5.equals(upload.etag())) {
      violations.add("the PUT of " + upload.key() + " answered ETag " + upload.etag() + ", not " + md5);
    }
  }

  /** The index follows the catalog's changes asynchronously: it gets until {@link #indexDeadline} to agree. */
  private void checkSearch(String key, String id, boolean found, List<String> violations)
      throws IOException, InterruptedException {
    String name = key.substring(key.lastIndexOf('/') + 1);
    while (true) {
      HttpResponse<String> answer = get("/apps/photos/api/search?limit=100&q=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
      if (answer.statusCode() != 200) {
        violations.add("search for " + name + " answered " + answer.statusCode() + ": " + answer.body());
        return;
      }
      boolean hit = false;
      for (JsonNode photo : RunningServer.json(answer).get("photos")) {
        hit |= photo.get("id").asText().equals(id);
      }
      if (hit == found) {
        return;
      }
      if (System.nanoTime() > indexDeadline) {
        violations.add("search for " + name + (found ? " does not find " : " still finds deleted ") + id);
        return;
      }
      Thread.sleep(200);
    }
  }

  /** Every derived object belongs to a row, is complete and decodes; every ready row has all of its derivatives. */
  private void checkDerived(List<JsonNode> rows, List<String> violations) {
    Map<String, JsonNode> rowsById = new HashMap<>();
    rows.forEach(r -> rowsById.put(r.get("id").asText(), r));
    Map<String, Long> derived = list(DERIVED);
    Set<String> seen = new HashSet<>();
    for (Map.Entry<String, Long> object : derived.entrySet()) {
      var m = DERIVED_KEY.matcher(object.getKey());
      if (!m.matches()) {
        violations.add("derived object under an unexpected (temp?) name: " + object.getKey());
        continue;
      }
      JsonNode row = rowsById.get(m.group(1));
      if (row == null || !row.get("status").asText().equals("ready")) {
        violations.add((row == null ? "orphaned derivative " : "derivative of a photo that is not ready: ") + object.getKey()
            + (row == null ? "" : " (" + row.get("status").asText() + ")"));
        continue;
      }
      seen.add(object.getKey());
      byte[] bytes = endpoints.s3().getObjectAsBytes(b -> b.bucket(DERIVED).key(object.getKey())).asByteArray();
      if (bytes.length != object.getValue()) {
        violations.add("derivative " + object.getKey() + " listed with " + object.getValue() + " bytes, has " + bytes.length);
      }
      String problem = m.group(3) != null && m.group(3).equals("webp") ? webpProblem(bytes)
          : jpegProblem(bytes, m.group(2) == null ? 1024 : Integer.parseInt(m.group(2)));
      if (problem != null) {
        violations.add("derivative " + object.getKey() + ": " + problem);
      }
    }
    for (JsonNode row : rows) {
      if (!row.get("status").asText().equals("ready")) {
        continue;
      }
      String id = row.get("id").asText();
      for (int size : SIZES) {
        if (!seen.contains(id + "/" + size + ".jpg")) {
          violations.add("ready photo " + row.get("key").asText() + " lacks its " + size + " px thumbnail");
        }
      }
      for (String filter : AUTOMATIC_FILTERS) {
        if (!seen.contains(id + "/filters/" + filter + ".jpg")) {
          violations.add("ready photo " + row.get("key").asText() + " lacks its " + filter + " filter");
        }
      }
    }
  }

  private static String jpegProblem(byte[] bytes, int size) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
      if (image == null) {
        return "does not decode as JPEG";
      }
      return Math.max(image.getWidth(), image.getHeight()) > size ? "larger than " + size + " px" : null;
    } catch (IOException e) {
      return "does not decode: " + e.getMessage();
    }
  }

  /** The JDK reads no WebP: its RIFF container must be whole (the chunk size matches the file). */
  private static String webpProblem(byte[] bytes) {
    if (bytes.length < 12 || !new String(bytes, 0, 4, StandardCharsets.US_ASCII).equals("RIFF")
        || !new String(bytes, 8, 4, StandardCharsets.US_ASCII).equals("WEBP")) {
      return "not a WebP file";
    }
    long riffSize = (bytes[4] & 0xffL) | (bytes[5] & 0xffL) << 8 | (bytes[6] & 0xffL) << 16 | (bytes[7] & 0xffL) << 24;
    return riffSize + 8 == bytes.length ? null : "truncated WebP: RIFF says " + (riffSize + 8) + " bytes, has " + bytes.length;
  }

  private Map<String, Long> originals() {
    return list(UPLOADS);
  }

  private Map<String, Long> list(String bucket) {
    Map<String, Long> objects = new HashMap<>();
    for (S3Object object : endpoints.s3().listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
      objects.put(object.key(), object.size());
    }
    return objects;
  }

  private Map<String, JsonNode> catalogByKey() {
    Map<String, JsonNode> rows = new HashMap<>();
    try {
      catalog().forEach(r -> rows.put(r.get("key").asText(), r));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return rows;
  }

  private List<JsonNode> catalog() throws IOException, InterruptedException {
    List<JsonNode> rows = new ArrayList<>();
    String cursor = null;
    do {
      HttpResponse<String> page = get("/apps/photos/api/photos?limit=100"
          + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
      assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
      JsonNode body = RunningServer.json(page);
      body.get("photos").forEach(rows::add);
      cursor = body.path("nextCursor").isTextual() ? body.get("nextCursor").asText() : null;
    } while (cursor != null);
    return rows;
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(endpoints.http().resolve(path)).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void awaitCatalog() {
    RunningServer.await(Duration.ofSeconds(60), "the catalog to answer after the restart", () -> {
      try {
        return get("/apps/photos/api/photos?limit=1").statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
  }

  private static Endpoints start(Path data) throws IOException {
    ServerProcess process = ServerProcess.start(data);
    JsonNode info = RunningServer.JSON.readTree(data.resolve(CumuloServer.SERVER_FILE).toFile());
    JsonNode root = RunningServer.JSON.readTree(data.resolve("credentials.json").toFile()).get("root");
    S3Client s3 = S3Client.builder()
        .endpointOverride(URI.create(info.get("s3Url").asText()))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .httpClient(UrlConnectionHttpClient.create())
        // One attempt: the test must know exactly which PUTs were acknowledged.
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(root.get("accessKeyId").asText(), root.get("secretKey").asText())))
        .build();
    return new Endpoints(process, URI.create(info.get("url").asText()), s3);
  }

  private void deploy() throws IOException, InterruptedException {
    byte[] bundle = TestApps.bundleOf(PhotosApp.FOLDER, "functions/target/photos.jar", "catalog/target/catalog.jar", "web");
    HttpResponse<String> deployed = http.send(HttpRequest.newBuilder(endpoints.http().resolve("/admin/v1/apps"))
        .header("Authorization", "Bearer " + endpoints.process().token()).header("Content-Type", "application/zip")
        .POST(HttpRequest.BodyPublishers.ofByteArray(bundle)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);
    awaitCatalog();
  }

  private static String fileName(Op op) {
    String extension = op.kind() == Kind.BAD_TEXT ? "jpg" : op.sample().substring(op.sample().lastIndexOf('.') + 1);
    return "photo" + op.index() + "." + extension;
  }

  private static String contentType(Op op) {
    return op.kind() == Kind.BAD_TEXT || op.sample().endsWith(".jpg") ? "image/jpeg" : "image/png";
  }

  private static byte[] bytesOf(Op op) {
    return op.kind() == Kind.BAD_TEXT ? ("notes " + op.index() + ", not a photo").getBytes(StandardCharsets.UTF_8)
        : PhotosApp.sample(op.sample());
  }

  /** A photo's id: 96 bits of the SHA-256 of its original's key, URL-safe (examples/photos README). */
  private static String idOf(String key) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 12));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
