package io.cumulo.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cumulo.server.CumuloServer;
import io.cumulo.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cumulo workflow start | ls | describe | history | stop} against a real server. */
class WorkflowCommandTest {
  private static final Path FUNCTIONS_JAR = Path.of(System.getProperty("cumulo.testFunctionsJar",
      "../testing/functions/target/test-functions.jar")).toAbsolutePath().normalize();

  @TempDir Path dir;
  private CumuloServer server;
  private Map<String, String> env;

  @BeforeEach
  void startServer() throws Exception {
    server = CumuloServer.start(ServerConfig.of(dir.resolve("data"), 0, 0));
    env = Map.of("CUMULO_DATA", server.dataDir().toString());
    Path app = Files.createDirectory(dir.resolve("greeter"));
    Files.copy(FUNCTIONS_JAR, app.resolve("functions.jar"), StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(app.resolve("cumulo.yaml"), """
        name: greeter
        functions:
          echo:
            handler: io.cumulo.testing.functions.Echo
            jar: functions.jar
        workflows:
          greet:
            definition: greet.asl.json
          nap:
            definition: nap.asl.json
        """);
    Files.writeString(app.resolve("greet.asl.json"), """
        {"StartAt": "Shape", "States": {
          "Shape": {"Type": "Pass", "Parameters": {"greeting.$": "States.Format('hello {}', $.who)"}, "Next": "Say"},
          "Say": {"Type": "Task", "Resource": "cumulo:function:greeter/echo", "End": true}}}""");
    Files.writeString(app.resolve("nap.asl.json"), """
        {"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 600, "End": true}}}""");
    Files.writeString(dir.resolve("input.json"), "{\"who\": \"ada\"}");
    CliRun deployed = cumulo("deploy", app.toString());
    assertThat(deployed.exitCode()).as(deployed.err()).isZero();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private CliRun cumulo(String... args) {
    return CliRun.run(env, args);
  }

  private CliRun awaitOutput(String expected, String... args) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    CliRun last = cumulo(args);
    while (!last.out().contains(expected)) {
      assertThat(System.nanoTime()).as("waiting for " + expected + "; last:\n" + last.out() + last.err())
          .isLessThan(deadline);
      Thread.sleep(50);
      last = cumulo(args);
    }
    return last;
  }

  @Test
  void startsDescribesAndShowsHistory_fromAFileInput() throws Exception {
    CliRun started = cumulo("workflow", "start", "greeter/greet", "--input", "@" + dir.resolve("input.json"));
    assertThat(started.exitCode()).as(started.err()).isZero();
    String id = started.out().strip();

    CliRun described = awaitOutput("SUCCEEDED", "workflow", "describe", id);
    assertThat(described.out()).contains("greeter", "greet", "{\"greeting\":\"hello ada\"}");

    CliRun history = cumulo("workflow", "history", id);
    assertThat(history.exitCode()).as(history.err()).isZero();
    assertThat(history.out()).contains("ExecutionStarted", "StateEntered", "Shape", "TaskScheduled", "Say",
        "TaskSucceeded", "StateExited", "ExecutionSucceeded");

    CliRun ls = cumulo("workflow", "ls", "greeter");
    assertThat(ls.out()).contains("ID", "STATUS", id, "SUCCEEDED");
  }

  @Test
  void stopsARunningExecution_withItsCause() throws Exception {
    String id = cumulo("workflow", "start", "greeter/nap").out().strip();
    awaitOutput("Nap", "workflow", "history", id);

    CliRun stopped = cumulo("workflow", "stop", id, "--cause", "changed my mind");

    assertThat(stopped.exitCode()).as(stopped.err()).isZero();
    assertThat(stopped.out()).contains(id + " ABORTED");
    assertThat(cumulo("workflow", "describe", id).out()).contains("changed my mind", "Stopped");
    assertThat(cumulo("workflow", "ls", "greeter/nap", "--status", "ABORTED").out()).contains(id);
  }

  @Test
  void reportsTheServersProblem_whenTheWorkflowDoesNotExist() {
    CliRun run = cumulo("workflow", "start", "greeter/nope");

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("no workflow greeter/nope");
  }
}
