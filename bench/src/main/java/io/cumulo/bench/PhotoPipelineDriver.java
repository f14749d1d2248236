package io.cumulo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cumulo.images.ImageLimits;
import io.cumulo.images.vips.VipsImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The photo app end to end: a real Cumulo server in a child process runs examples/photos, and this
 * driver uploads one 12 MP JPEG many times through presigned URLs, timing each photo from the start
 * of its PUT to the arrival of its {@code ready} event on the app's event stream.
 *
 * <pre>java -cp "$CP" io.cumulo.bench.PhotoPipelineDriver SERVER.jar APP_DIR INPUT.jpg RESULT.json
 *     [concurrency=4,8,16] [photos=60] [sequential=20] [enginePhotos=20]</pre>
 *
 * <ol>
 *   <li>Engine-only rate, the peer: the thumbnail function's image work ({@link ThumbnailWork}) on
 *       two threads in this JVM, measured again right before each concurrency level.
 *   <li>Pipeline: for each concurrency N, N photos in flight at a time (each one's presign, PUT
 *       and wait for {@code ready}), {@code photos} in all; latency percentiles and ready photos per
 *       second over the run (first PUT start to last ready).
 *   <li>Overhead: {@code sequential} photos one at a time; upload-to-ready minus the image work the
 *       function logged for that photo, and minus the whole thumbnail invocation, with a breakdown
 *       from the invocation record.
 * </ol>
 *
 * <p>The app is deployed with {@code FILTERS} empty, so the function does the thumbnails only and
 * the engine-only peer does the same work; with the automatic filters on, each photo costs three
 * more 1024 px renders after it is ready.
 */
public final class PhotoPipelineDriver {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PHOTO_TIMEOUT = Duration.ofMinutes(2);
  /** A level stops starting photos after this long, so a loaded machine cannot stretch the run. */
  private static final Duration LEVEL_BUDGET = Duration.ofSeconds(150);
  /** Between sequential photos: lets the previous photo's indexer and notify calls finish. */
  private static final Duration SEQUENTIAL_GAP = Duration.ofMillis(200);
  private static final int ENGINE_THREADS = 2;
  private static final Pattern RENDER_LOG = Pattern.compile("^(.*) -> \\d+ thumbnails of .* in ([0-9.]+) ms$");

  private final CumuloServerProcess server;
  private final PhotoStatusStream events;
  private final byte[] photo;
  private final HttpClient http = HttpClient.newHttpClient();

  private PhotoPipelineDriver(CumuloServerProcess server, PhotoStatusStream events, byte[] photo) {
    this.server = server;
    this.events = events;
    this.photo = photo;
  }

  /** One photo's trip: wall-clock and monotonic marks, in the order they happen. */
  record Trip(String id, String key, Instant startAt, long startNanos, Instant putDoneAt, long putDoneNanos,
      PhotoStatusStream.Outcome outcome) {
    double uploadToReadyMillis() {
      return (outcome.arrivedNanos() - startNanos) / 1e6;
    }

    double putMillis() {
      return (putDoneNanos - startNanos) / 1e6;
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: PhotoPipelineDriver SERVER.jar APP_DIR INPUT.jpg RESULT.json"
          + " [concurrency=4,8,16] [photos=60] [sequential=20] [enginePhotos=20]");
      System.exit(2);
    }
    Path jar = Path.of(args[0]);
    Path appDir = Path.of(args[1]);
    byte[] photo = Files.readAllBytes(Path.of(args[2]));
    Path resultFile = Path.of(args[3]);
    List<Integer> levels = Arrays.stream((args.length > 4 ? args[4] : "4,8,16").split(","))
        .map(String::strip).map(Integer::parseInt).toList();
    int photos = args.length > 5 ? Integer.parseInt(args[5]) : 60;
    int sequential = args.length > 6 ? Integer.parseInt(args[6]) : 20;
    int enginePhotos = args.length > 7 ? Integer.parseInt(args[7]) : 20;

    ThumbnailWork work = new ThumbnailWork(VipsImages.load(ImageLimits.defaults()).orElseThrow(
        () -> new IllegalStateException("libvips is not installed (apt-get install libvips42)")));
    for (int i = 0; i < 5; i++) {
      work.renderOne(photo);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("benchmark", "photo-pipeline");
    result.put("date", Instant.now().toString());
    result.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
        "kernel", System.getProperty("os.version"), "java", System.getProperty("java.version")));
    result.put("settings", Map.of("concurrency", levels, "photosPerLevel", photos, "sequentialPhotos", sequential,
        "enginePhotosPerRound", enginePhotos, "automaticFilters", false, "server", "child process"));
    result.put("loadBefore", loadAverage());
    result.put("input", Map.of("bytes", photo.length, "outputsPerPhoto", work.outputs(), "engine", work.engineName()));

    try (CumuloServerProcess server = CumuloServerProcess.start(jar, List.of());
        PhotoStatusStream events = new PhotoStatusStream(deploy(server, appDir))) {
      System.out.println("server: pid " + server.pid() + " at " + server.uri() + ", data " + server.dataDir());
      PhotoPipelineDriver driver = new PhotoPipelineDriver(server, events, photo);
      driver.runLevel(2, 4);
      System.out.println("warm-up: 4 photos through the pipeline");

      Map<String, Object> overhead = driver.overhead(sequential);
      result.put("overhead", overhead);

      List<Map<String, Object>> pipeline = new ArrayList<>();
      List<Double> engineRates = new ArrayList<>();
      for (int level : levels) {
        double engineRate = work.photosPerSecond(photo, enginePhotos, ENGINE_THREADS);
        engineRates.add(engineRate);
        long cpuBefore = processCpuTicks(server.pid());
        long treeCpuBefore = processTreeCpuTicks(server.pid());
        List<Trip> trips = driver.runLevel(level, photos);
        double cpuSeconds = (processCpuTicks(server.pid()) - cpuBefore) / 100.0;
        double treeCpuSeconds = (processTreeCpuTicks(server.pid()) - treeCpuBefore) / 100.0;
        long first = trips.stream().mapToLong(Trip::startNanos).min().orElseThrow();
        long last = trips.stream().mapToLong(t -> t.outcome().arrivedNanos()).max().orElseThrow();
        double rate = trips.size() / ((last - first) / 1e9);
        Percentiles latency = Percentiles.of(trips.stream().map(Trip::uploadToReadyMillis).toList());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("concurrency", level);
        row.put("photos", trips.size());
        row.put("uploadToReadyMs", latency);
        row.put("putMs", Percentiles.of(trips.stream().map(Trip::putMillis).toList()));
        row.put("photosPerSecond", rate);
        row.put("engineOnlyPhotosPerSecond", engineRate);
        row.put("ratioToEngineOnly", rate / engineRate);
        row.put("serverCpuMsPerPhoto", cpuSeconds * 1000 / trips.size());
        row.put("serverAndServicesCpuMsPerPhoto", treeCpuSeconds * 1000 / trips.size());
        row.put("load", loadAverage());
        pipeline.add(row);
        System.out.printf(Locale.ROOT, "N=%2d: %d photos, upload-to-ready ms %s; %.2f photos/s vs engine-only %.2f"
            + " (%.0f%%); server CPU %.0f ms/photo (%.0f with the catalog service); load %s%n", level, trips.size(),
            latency, rate, engineRate, 100 * rate / engineRate, cpuSeconds * 1000 / trips.size(),
            treeCpuSeconds * 1000 / trips.size(), loadAverage());
      }
      double engineMedian = Percentiles.median(engineRates);
      result.put("engineOnly", Map.of("threads", ENGINE_THREADS, "photosPerRound", enginePhotos,
          "photosPerSecond", engineRates, "median", engineMedian,
          "cpuMsPerPhoto", engineCpuMsPerPhoto(work, photo)));
      result.put("pipeline", pipeline);
      result.put("serverLog", server.dataDir().resolve("server.log").toString());
    }
    result.put("loadAfter", loadAverage());
    Files.createDirectories(resultFile.toAbsolutePath().getParent());
    JSON.writerWithDefaultPrettyPrinter().writeValue(resultFile.toFile(), result);
    System.out.println("RESULT " + resultFile);
  }

  /** Deploys examples/photos without its automatic filters; returns the server's URI. */
  private static URI deploy(CumuloServerProcess server, Path appDir) throws IOException, InterruptedException {
    String manifest = Files.readString(appDir.resolve("cumulo.yaml"));
    String withoutFilters = manifest.replaceFirst("(?m)^(\\s*)FILTERS: .*$", "$1FILTERS: \"\"");
    if (withoutFilters.equals(manifest)) {
      throw new IllegalStateException("examples/photos/cumulo.yaml has no FILTERS setting to turn off");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("cumulo.yaml"));
      zip.write(withoutFilters.getBytes(StandardCharsets.UTF_8));
      for (String part : List.of("functions/target/photos.jar", "catalog/target/catalog.jar", "web")) {
        Path path = appDir.resolve(part);
        if (!Files.exists(path)) {
          throw new IllegalStateException(path + " is missing; build with ./mvnw -q -B -DskipTests package");
        }
        try (Stream<Path> files = Files.walk(path)) {
          for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
            zip.putNextEntry(new ZipEntry(appDir.relativize(file).toString().replace('\\', '/')));
            zip.write(Files.readAllBytes(file));
          }
        }
      }
    }
    HttpResponse<String> deployed = server.admin("POST", "/admin/v1/apps", bytes.toByteArray(), "application/zip");
    if (deployed.statusCode() != 200) {
      throw new IllegalStateException("deploy answered " + deployed.statusCode() + ": " + deployed.body());
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (server.anonymous("GET", "/apps/photos/api/photos", null).statusCode() != 200) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the catalog did not answer within 60 s of the deploy");
      }
      Thread.sleep(100);
    }
    return server.uri();
  }

  /** {@code photos} photos with {@code concurrency} in flight at a time; the trips that finished. */
  private List<Trip> runLevel(int concurrency, int photos) throws InterruptedException {
    AtomicInteger left = new AtomicInteger(photos);
    List<Trip> trips = Collections.synchronizedList(new ArrayList<>());
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    long stopStarting = System.nanoTime() + LEVEL_BUDGET.toNanos();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      workers.add(Thread.ofVirtual().start(() -> {
        while (failures.isEmpty() && System.nanoTime() < stopStarting && left.getAndDecrement() > 0) {
          try {
            trips.add(upload());
          } catch (Exception e) {
            failures.add(e);
          }
        }
      }));
    }
    for (Thread worker : workers) {
      worker.join();
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("an upload failed at concurrency " + concurrency, failures.getFirst());
    }
    if (trips.size() < photos) {
      System.out.printf("concurrency %d: only %d of %d photos within %s%n", concurrency, trips.size(), photos, LEVEL_BUDGET);
    }
    return trips;
  }

  /** Asks for a presigned URL (not timed), PUTs the photo and waits for its ready event. */
  private Trip upload() throws Exception {
    HttpResponse<String> granted = server.anonymous("POST", "/apps/photos/api/uploads",
        "{\"fileName\":\"bench.jpg\",\"contentType\":\"image/jpeg\",\"size\":" + photo.length + "}");
    if (granted.statusCode() != 201) {
      throw new IllegalStateException("POST /api/uploads answered " + granted.statusCode() + ": " + granted.body());
    }
    JsonNode grant = JSON.readTree(granted.body());
    String id = grant.get("id").asText();
    HttpRequest put = HttpRequest.newBuilder(URI.create(grant.get("uploadUrl").asText()))
        .header("Content-Type", "image/jpeg").PUT(HttpRequest.BodyPublishers.ofByteArray(photo)).build();
    Instant startAt = Instant.now();
    long start = System.nanoTime();
    HttpResponse<String> stored = http.send(put, HttpResponse.BodyHandlers.ofString());
    long putDone = System.nanoTime();
    Instant putDoneAt = Instant.now();
    if (stored.statusCode() != 200) {
      throw new IllegalStateException("the presigned PUT answered " + stored.statusCode() + ": " + stored.body());
    }
    PhotoStatusStream.Outcome outcome = events.await(id, PHOTO_TIMEOUT);
    if (!outcome.status().equals("ready")) {
      throw new IllegalStateException("photo " + id + " ended " + outcome.status() + "; see the server log");
    }
    return new Trip(id, grant.get("key").asText(), startAt, start, putDoneAt, putDone, outcome);
  }

  /**
   * Photos one at a time, so nothing queues: upload-to-ready minus the image work the function
   * logged, and minus the whole thumbnail invocation, with where the rest of the time went.
   */
  private Map<String, Object> overhead(int count) throws Exception {
    List<Trip> trips = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      trips.add(upload());
      Thread.sleep(SEQUENTIAL_GAP);
    }
    Map<String, JsonNode> renderLines = thumbnailLogLines();
    List<Double> e2e = new ArrayList<>();
    List<Double> image = new ArrayList<>();
    List<Double> overImage = new ArrayList<>();
    List<Double> overInvocation = new ArrayList<>();
    List<Double> put = new ArrayList<>();
    List<Double> dispatch = new ArrayList<>();
    List<Double> inFunctionNotImage = new ArrayList<>();
    List<Double> afterFunction = new ArrayList<>();
    for (Trip trip : trips) {
      JsonNode line = renderLines.get(trip.key());
      if (line == null) {
        throw new IllegalStateException("no render time logged by the thumbnail function for " + trip.key());
      }
      Matcher m = RENDER_LOG.matcher(line.get("message").asText());
      if (!m.matches()) {
        throw new IllegalStateException("unexpected thumbnail log line: " + line.get("message").asText());
      }
      double renderMs = Double.parseDouble(m.group(2));
      JsonNode invocation = JSON.readTree(server.admin("GET", "/admin/v1/invocations/"
          + URLEncoder.encode(line.get("invocationId").asText(), StandardCharsets.UTF_8), null, null).body());
      double invocationMs = invocation.get("durationMicros").asLong() / 1000.0;
      Instant invocationStart = instant(invocation.get("start"));
      double total = trip.uploadToReadyMillis();
      e2e.add(total);
      image.add(renderMs);
      overImage.add(total - renderMs);
      overInvocation.add(total - invocationMs);
      put.add(trip.putMillis());
      dispatch.add(Duration.between(trip.putDoneAt(), invocationStart).toNanos() / 1e6);
      inFunctionNotImage.add(invocationMs - renderMs);
      afterFunction.add(Duration.between(invocationStart, trip.outcome().arrivedAt()).toNanos() / 1e6 - invocationMs);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("photos", trips.size());
    result.put("uploadToReadyMs", Percentiles.of(e2e));
    result.put("imageWorkMs", Percentiles.of(image));
    result.put("overheadMs", Percentiles.of(overImage));
    result.put("overheadBeyondInvocationMs", Percentiles.of(overInvocation));
    Map<String, Object> parts = new LinkedHashMap<>();
    parts.put("putMs", Percentiles.of(put));
    parts.put("putDoneToInvocationStartMs", Percentiles.of(dispatch));
    parts.put("invocationMinusImageWorkMs", Percentiles.of(inFunctionNotImage));
    parts.put("invocationEndToReadyEventMs", Percentiles.of(afterFunction));
    result.put("breakdown", parts);
    result.put("load", loadAverage());
    System.out.println("N=1 (" + trips.size() + " photos, one at a time)");
    System.out.println("  upload-to-ready ms        " + Percentiles.of(e2e));
    System.out.println("  image work ms (logged)    " + Percentiles.of(image));
    System.out.println("  overhead ms               " + Percentiles.of(overImage));
    System.out.println("  overhead beyond invocation" + Percentiles.of(overInvocation));
    parts.forEach((name, value) -> System.out.println("    " + name + " " + value));
    return result;
  }

  /** The thumbnail function's "KEY -> N thumbnails ... in X ms" lines, by object key. */
  private Map<String, JsonNode> thumbnailLogLines() throws IOException {
    HttpResponse<String> logs = server.admin("GET", "/admin/v1/functions/photos/thumbnail/logs?limit=10000", null, null);
    if (logs.statusCode() != 200) {
      throw new IllegalStateException("the thumbnail logs answered " + logs.statusCode() + ": " + logs.body());
    }
    Map<String, JsonNode> byKey = new LinkedHashMap<>();
    for (String text : logs.body().split("\n")) {
      if (text.isBlank()) {
        continue;
      }
      JsonNode line = JSON.readTree(text);
      Matcher m = RENDER_LOG.matcher(line.path("message").asText());
      if (m.matches()) {
        byKey.put(m.group(1), line);
      }
    }
    return byKey;
  }

  private static Instant instant(JsonNode value) {
    if (value.isTextual()) {
      return Instant.parse(value.asText());
    }
    // Jackson writes an Instant as decimal seconds unless told otherwise.
    java.math.BigDecimal seconds = value.decimalValue();
    return Instant.ofEpochSecond(seconds.longValue(),
        seconds.subtract(new java.math.BigDecimal(seconds.longValue())).movePointRight(9).longValue());
  }

  /** CPU of the engine-only work in this process, per photo, over a few sequential renders. */
  private static double engineCpuMsPerPhoto(ThumbnailWork work, byte[] photo) throws IOException {
    int photos = 5;
    long before = processCpuTicks(ProcessHandle.current().pid());
    for (int i = 0; i < photos; i++) {
      work.renderOne(photo);
    }
    return (processCpuTicks(ProcessHandle.current().pid()) - before) * 10.0 / photos;
  }

  /** User + system CPU of a process in clock ticks (1/100 s on Linux), from /proc. */
  private static long processCpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // After the command name: state is field 3, so utime (14) and stime (15) are at 11 and 12.
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /** The CPU of a process and of the processes it started (the app's service replicas). */
  private static long processTreeCpuTicks(long pid) throws IOException {
    long ticks = processCpuTicks(pid);
    for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
      try {
        ticks += processCpuTicks(child.pid());
      } catch (IOException e) {
        // The child ended between listing and reading; its CPU is gone with it.
      }
    }
    return ticks;
  }

  private static String loadAverage() throws IOException {
    String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return parts[0] + " " + parts[1] + " " + parts[2];
  }
}
