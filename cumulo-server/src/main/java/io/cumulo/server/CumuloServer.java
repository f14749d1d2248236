package io.cumulo.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cumulo.core.CumuloException;
import io.cumulo.core.Platform;
import io.cumulo.core.channels.ChannelHub;
import io.cumulo.core.deploy.AppDeployer;
import io.cumulo.core.events.EventLog;
import io.cumulo.core.events.FileEventLog;
import io.cumulo.core.events.FileEventLogConfig;
import io.cumulo.core.logs.FileFunctionLogs;
import io.cumulo.core.logs.FunctionLogs;
import io.cumulo.core.metering.Metering;
import io.cumulo.core.runtime.EventDispatcher;
import io.cumulo.core.runtime.FunctionRuntime;
import io.cumulo.core.runtime.RuntimeServices;
import io.cumulo.core.runtime.TableChangeRelay;
import io.cumulo.core.channels.ChannelHub;
import io.cumulo.core.services.ServiceCaller;
import io.cumulo.core.state.SqliteTableStore;
import io.cumulo.search.LuceneSearchIndex;
import io.cumulo.api.images.Images;
import io.cumulo.images.ImageEngines;
import io.cumulo.core.runtime.InvocationRecorder;
import io.cumulo.core.runtime.RetryBackoff;
import io.cumulo.core.runtime.ScheduleRunner;
import io.cumulo.core.state.SqliteWorkflowStore;
import io.cumulo.workflows.durable.DurableWorkflows;
import io.cumulo.workflows.durable.WorkflowLimits;
import io.cumulo.core.services.ServiceSupervisor;
import io.cumulo.core.state.SqliteStateStore;
import io.cumulo.core.state.StateStore;
import io.cumulo.core.storage.ObjectStore;
import io.cumulo.storage.auth.PostPolicyVerifier;
import io.cumulo.storage.auth.SigV4Verifier;
import io.cumulo.storage.fs.FilesystemObjectStore;
import io.cumulo.storage.s3.S3Server;
import io.cumulo.storage.s3.S3ServerConfig;
import io.cumulo.gateway.GatewayServer;
import io.cumulo.gateway.RouteTable;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded Cumulo node: opens the data dir's stores, restores the deployed apps, starts
 * delivering events and serving HTTP. {@link #close()} stops it in reverse order.
 *
 * <p>Data dir layout: {@code state.db} (SQLite), {@code events/} (the event log), {@code logs/}
 * (function logs), {@code apps/} (deployed bundles), {@code objects/} (buckets),
 * {@code credentials.json} (S3 keys), {@code admin.token}, {@code server.json} (where the running
 * server listens, for the CLI) and {@code .lock}.
 */
public final class CumuloServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CumuloServer.class);
  static final String TOKEN_FILE = "admin.token";
  static final String SERVER_FILE = "server.json";

  private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
  private final Path dataDir;
  private Platform platform;
  private GatewayServer gateway;
  private S3Credentials credentials;
  private volatile S3Server s3;
  /** Set once the runtime exists; the table store wakes it after every write. */
  private volatile TableChangeRelay tableRelay;

  private CumuloServer(Path dataDir) {
    this.dataDir = dataDir;
  }

  /** Starts a node; on failure, whatever was opened is closed again. */
  public static CumuloServer start(ServerConfig config) {
    return start(config, InstantSource.system());
  }

  /**
   * Starts a node that takes "now" from {@code clock} (wall-clock time for timestamps, schedules,
   * retry due times, signature expiry), so fault tests can jump it; durations are still measured
   * with {@link System#nanoTime()}.
   */
  public static CumuloServer start(ServerConfig config, InstantSource clock) {
    java.util.Objects.requireNonNull(clock, "clock");
    CumuloServer server = new CumuloServer(config.dataDir().toAbsolutePath().normalize());
    try {
      server.open(config, clock);
      return server;
    } catch (Exception e) {
      server.close();
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new CumuloException(500, "StartFailed", "the server could not start: " + e.getMessage(), e);
    }
  }

  private void open(ServerConfig config, InstantSource clock) throws Exception {
    Files.createDirectories(dataDir);
    lockDataDir();
    String token = adminToken();

    StateStore state = closeLater(SqliteStateStore.open(dataDir.resolve("state.db")));
    EventLog events = closeLater(FileEventLog.open(dataDir.resolve("events"), FileEventLogConfig.defaults(), clock));
    FunctionLogs logs = closeLater(FileFunctionLogs.open(dataDir.resolve("logs"), clock));
    Metering metering = new Metering();
    InvocationRecorder recorder = closeLater(new InvocationRecorder(state, InvocationRecorder.DEFAULT_CAPACITY));
    ObjectStore objects = closeLater(FilesystemObjectStore.open(dataDir.resolve("objects"), clock));
    credentials = S3Credentials.open(dataDir, System.getenv());
    SqliteTableStore tables = closeLater(SqliteTableStore.open(dataDir.resolve("tables.db"), clock,
        this::tableChanged));
    ChannelHub channels = new ChannelHub(clock.millis());
    ServiceSupervisor services = closeLater(new ServiceSupervisor(logs, dataDir.resolve("service-data")));
    LuceneSearchIndex search = closeLater(LuceneSearchIndex.open(dataDir.resolve("search")));
    Images images = ImageEngines.create(config.imageLimits(), config.imageEngine());
    // An info-style gauge: which engine this node uses, visible at /metrics.
    io.micrometer.core.instrument.Gauge.builder("cumulo_image_engine", () -> 1)
        .description("The image engine in use (label engine)").tag("engine", images.engine())
        .register(metering.registry());
    RuntimeServices facilities = new RuntimeServices(images, search, tables, channels, new ServiceCaller(services),
        new AppObjectUrls(credentials, () -> s3.uri(), clock));
    FunctionRuntime runtime = closeLater(new FunctionRuntime(events, logs, recorder, metering, clock, objects,
        facilities));
    tableRelay = closeLater(new TableChangeRelay(tables, runtime, clock));
    ScheduleRunner schedules = closeLater(new ScheduleRunner(runtime, clock));
    EventDispatcher dispatcher = closeLater(new EventDispatcher(events, runtime, state,
        new RetryBackoff(config.retryBaseDelay(), config.retryMaxDelay(), new SplittableRandom()),
        EventDispatcher.DEFAULT_MAX_IN_FLIGHT, clock));
    RouteTable routes = new RouteTable();
    SqliteWorkflowStore workflowStore = closeLater(SqliteWorkflowStore.open(dataDir.resolve("workflows.db")));
    DurableWorkflows workflows = closeLater(new DurableWorkflows(workflowStore, runtime, clock,
        WorkflowLimits.defaults(), new SplittableRandom()));
    AppDeployer deployer = new AppDeployer(dataDir, state, runtime, schedules, clock,
        List.of(new AppStorage(objects, credentials), routes, services, new AppChannels(channels), workflows));
    platform = new Platform(runtime, deployer, state, events, logs, dispatcher, recorder, metering,
        services, tables, channels, workflows);

    deployer.restoreAll();
    gateway = closeLater(new GatewayServer(platform, routes, objects, config.eventStreams(),
        config.host(), config.port(), token));
    gateway.start();
    // A scoped token would be better; services get the admin token until tokens have scopes.
    services.start(Map.of("CUMULO_URL", gateway.uri().toString(), "CUMULO_TOKEN", token));
    // Only now: the events recovered from before a crash call the services, which must be up
    // (else their attempts run out against "no healthy replica" and they go to the dead letters).
    // Resumed workflow executions call functions, which may call services, too.
    workflows.resumeAll();
    dispatcher.start();
    schedules.start();
    s3 = closeLater(new S3Server(objects, new SigV4Verifier(credentials, clock),
        new PostPolicyVerifier(credentials, clock), runtime.objectEvents(),
        S3ServerConfig.defaults().withHost(config.host()).withPort(config.s3Port()), dataDir.resolve("s3-intents")));
    s3.start();
    writeServerFile();
    log.info("Cumulo is serving at {} with data in {}", gateway.uri(), dataDir);
  }

  private void tableChanged() {
    TableChangeRelay relay = tableRelay;
    if (relay != null) { // else it finds the change when it starts
      relay.changed();
    }
  }

  private <T extends AutoCloseable> T closeLater(T resource) {
    toClose.push(resource);
    return resource;
  }

  /** Refuses a second server on the same data dir: both would write the same files. */
  private void lockDataDir() throws IOException {
    FileChannel channel = FileChannel.open(dataDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock = channel.tryLock();
    if (lock == null) {
      channel.close();
      throw new CumuloException(409, "DataDirInUse", "another Cumulo server is using " + dataDir
          + "; stop it first or pick another --data directory");
    }
    toClose.push(channel);
  }

  /** The admin token: generated at first start, readable only by its owner. */
  private String adminToken() throws IOException {
    Path file = dataDir.resolve(TOKEN_FILE);
    if (Files.exists(file)) {
      String token = Files.readString(file).trim();
      if (!token.isEmpty()) {
        return token;
      }
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Path tmp = dataDir.resolve(TOKEN_FILE + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, token + "\n");
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    return token;
  }

  private void writeServerFile() throws IOException {
    Path tmp = dataDir.resolve(SERVER_FILE + ".tmp");
    new ObjectMapper().writeValue(tmp.toFile(), Map.of("url", gateway.uri().toString(),
        "s3Url", s3.uri().toString(), "pid", ProcessHandle.current().pid(),
        "startedAt", Instant.now().toString()));
    Files.move(tmp, dataDir.resolve(SERVER_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The HTTP front's base URL. */
  public URI uri() {
    return gateway.uri();
  }

  /** The S3 API's base URL, e.g. {@code http://127.0.0.1:9000}. */
  public URI s3Uri() {
    return s3.uri();
  }

  public Path dataDir() {
    return dataDir;
  }

  public Path adminTokenFile() {
    return dataDir.resolve(TOKEN_FILE);
  }

  public Platform platform() {
    return platform;
  }

  /** The S3 root key: may use every bucket. */
  public io.cumulo.storage.auth.AccessKey rootKey() {
    return credentials.root();
  }

  /** The S3 key of a deployed app, scoped to its buckets. */
  public java.util.Optional<io.cumulo.storage.auth.AccessKey> appKey(String app) {
    return credentials.appKey(app);
  }

  /** Stops serving, lets running deliveries finish briefly, and closes every store. Idempotent. */
  @Override
  public void close() {
    try {
      Files.deleteIfExists(dataDir.resolve(SERVER_FILE));
    } catch (IOException e) {
      log.warn("could not remove {}: {}", SERVER_FILE, e.getMessage());
    }
    while (!toClose.isEmpty()) {
      AutoCloseable resource = toClose.pop();
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
