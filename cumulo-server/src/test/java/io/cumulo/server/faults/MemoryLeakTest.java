package io.cumulo.server.faults;

import static io.cumulo.server.TestApps.function;
import static io.cumulo.server.TestApps.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import io.cumulo.server.RunningServer;
import io.cumulo.server.ServerProcess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A function that leaks 4 MiB into a static per call, in a server with a 160 MiB heap: while it
 * leaks the other functions keep working, and a redeploy (new class loader) gives the leaked
 * memory back. It stops at 48 MiB on purpose: leaking until the heap is exhausted takes platform
 * threads down with it (see RELIABILITY.md, Faults), which no test can call recovery.
 */
@Timeout(60)
class MemoryLeakTest {
  private static final String APP = manifest("leaky",
      function("leak", "LeakMemory", "timeout: 20s"), function("probe", "JvmProbe"), function("echo", "Echo"));

  @Test
  void keepsOtherFunctionsWorking_andReclaimsTheLeak_whenTheLeakingFunctionIsRedeployed(@TempDir Path dir)
      throws Exception {
    try (ServerProcess server = ServerProcess.start(dir.resolve("data"), "-Xmx160m")) {
      ChildAdmin admin = new ChildAdmin(server);
      admin.deploy(APP);
      long baseline = admin.probe("leaky/probe").get("heapUsedBytes").asLong();

      for (int call = 1; call <= 12; call++) {
        HttpResponse<String> leaked = admin.invoke("leaky/leak", "{\"mib\":4}");
        assertThat(leaked.statusCode()).as(leaked.body()).isEqualTo(200);
        assertThat(RunningServer.json(leaked).get("leakedMib").asInt()).isEqualTo(4 * call);
      }
      assertThat(admin.probe("leaky/probe").get("heapUsedBytes").asLong())
          .as("the leak is live heap").isGreaterThan(baseline + (40 << 20));
      HttpResponse<String> echo = admin.invoke("leaky/echo", "{\"still\":\"alive\"}");
      assertThat(echo.statusCode()).as(echo.body()).isEqualTo(200);
      assertThat(echo.body()).contains("alive");

      admin.deploy(APP);
      RunningServer.await(Duration.ofSeconds(20), "the leaked static to be collected after the redeploy",
          () -> admin.probe("leaky/probe").get("heapUsedBytes").asLong() < baseline + (16 << 20));
      HttpResponse<String> fresh = admin.invoke("leaky/leak", "{\"mib\":4}");
      assertThat(fresh.statusCode()).as(fresh.body()).isEqualTo(200);
      assertThat(RunningServer.json(fresh).get("leakedMib").asInt()).as("a new class loader, a new static").isEqualTo(4);
    }
  }
}
