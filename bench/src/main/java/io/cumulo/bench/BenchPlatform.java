package io.cumulo.bench;

import io.cumulo.core.events.FileEventLog;
import io.cumulo.core.events.FileEventLogConfig;
import io.cumulo.core.logs.FileFunctionLogs;
import io.cumulo.core.manifest.ManifestParser;
import io.cumulo.core.metering.Metering;
import io.cumulo.core.runtime.EventDispatcher;
import io.cumulo.core.runtime.FunctionRuntime;
import io.cumulo.core.runtime.RuntimeServices;
import io.cumulo.core.runtime.InvocationRecorder;
import io.cumulo.core.runtime.RetryBackoff;
import io.cumulo.core.state.SqliteStateStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.SplittableRandom;

/**
 * The embedded stores and the function runtime, wired as the server wires them but without HTTP,
 * so benchmarks measure the runtime itself. Deploys functions straight from the test-functions jar.
 */
final class BenchPlatform implements AutoCloseable {
  static final Path FUNCTIONS_JAR = Path.of(System.getProperty("cumulo.testFunctionsJar",
      "testing/functions/target/test-functions.jar")).toAbsolutePath();

  final Path dir;
  final SqliteStateStore state;
  final FileEventLog events;
  final FileFunctionLogs logs;
  final InvocationRecorder recorder;
  final FunctionRuntime runtime;
  final EventDispatcher dispatcher;

  BenchPlatform() throws IOException {
    dir = Files.createTempDirectory("cumulo-bench");
    InstantSource clock = InstantSource.system();
    state = SqliteStateStore.open(dir.resolve("state.db"));
    events = FileEventLog.open(dir.resolve("events"), FileEventLogConfig.defaults(), clock);
    logs = FileFunctionLogs.open(dir.resolve("logs"), clock);
    recorder = new InvocationRecorder(state, InvocationRecorder.DEFAULT_CAPACITY);
    runtime = new FunctionRuntime(events, logs, recorder, new Metering(), clock, null, RuntimeServices.none());
    dispatcher = new EventDispatcher(events, runtime, state,
        new RetryBackoff(Duration.ofMillis(10), Duration.ofSeconds(1), new SplittableRandom(1)),
        EventDispatcher.DEFAULT_MAX_IN_FLIGHT, clock);
    dispatcher.start();
  }

  /** An unpacked app version, ready to activate. */
  record Bundle(String app, int version, io.cumulo.core.manifest.AppManifest manifest, Path dir) {}

  /** Writes app {@code app} version {@code version} with one function of the test-functions jar. */
  Bundle prepare(String app, int version, String function, String handlerClass, String extra) throws IOException {
    Path bundle = dir.resolve(app + "-v" + version);
    Files.createDirectories(bundle);
    Files.copy(FUNCTIONS_JAR, bundle.resolve("functions.jar"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    String yaml = "name: " + app + "\nfunctions:\n  " + function + ":\n    handler: io.cumulo.testing.functions."
        + handlerClass + "\n    jar: functions.jar\n" + extra;
    return new Bundle(app, version, new ManifestParser().parse("cumulo.yaml", yaml.getBytes(StandardCharsets.UTF_8)), bundle);
  }

  /** Makes a prepared version current: loads its handler classes in a fresh class loader. */
  void activate(Bundle bundle) {
    runtime.activate(bundle.app(), bundle.version(), bundle.manifest(), bundle.dir());
  }

  void deploy(String app, int version, String function, String handlerClass, String extra) throws IOException {
    activate(prepare(app, version, function, handlerClass, extra));
  }

  @Override
  public void close() {
    dispatcher.close();
    runtime.close();
    recorder.close();
    events.close();
    logs.close();
    state.close();
  }
}
