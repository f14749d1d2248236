package io.cumulo.server;

import static io.cumulo.server.TestApps.function;
import static io.cumulo.server.TestApps.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(60)
class DeployTest {
  @RegisterExtension final RunningServer server = new RunningServer();

  private HttpResponse<String> deployRaw(byte[] bundle) {
    return server.send("POST", "/admin/v1/apps", bundle, "Content-Type", "application/zip");
  }

  private static byte[] zip(String... namesAndContents) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        zip.putNextEntry(new ZipEntry(namesAndContents[i]));
        zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.ISO_8859_1));
      }
    }
    return bytes.toByteArray();
  }

  @Test
  void rejectsABadManifest_withFileLineAndWhatIsAllowed() {
    HttpResponse<String> response = deployRaw(TestApps.bundle(
        "name: demo\nfunctions:\n  echo:\n    handler: io.cumulo.testing.functions.Echo\n"
            + "    jar: functions.jar\n    timeout: 30x\n    colour: blue\n"));

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode problem = RunningServer.json(response);
    assertThat(problem.get("code").asText()).isEqualTo("InvalidManifest");
    assertThat(problem.get("detail").asText())
        .contains("cumulo.yaml:6:")
        .contains("timeout")
        .contains("cumulo.yaml:7:")
        .contains("colour");
    assertThat(RunningServer.json(server.get("/admin/v1/apps")).get("apps")).isEmpty();
  }

  @Test
  void rejectsAHandlerThatIsNotInTheJar() {
    HttpResponse<String> response = deployRaw(TestApps.bundle(manifest("demo", function("x", "NoSuchClass"))));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(RunningServer.json(response).get("detail").asText())
        .contains("io.cumulo.testing.functions.NoSuchClass is not in the function's code");
  }

  @Test
  void rejectsCodeThatCallsSystemExit_namingTheCaller() throws IOException {
    byte[] exitClass = ClassFile.of().build(ClassDesc.of("evil.Quit"), cls -> cls
        .withFlags(ClassFile.ACC_PUBLIC)
        .withMethodBody("stop", MethodTypeDesc.of(ConstantDescs.CD_void), ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC,
            code -> code.iconst_1()
                .invokestatic(ClassDesc.of("java.lang.System"), "exit",
                    MethodTypeDesc.of(ConstantDescs.CD_void, ConstantDescs.CD_int))
                .return_()));
    byte[] bundle = zip("cumulo.yaml", "name: evil\nfunctions:\n  quit:\n    handler: evil.Quit\n    classes: classes\n",
        "classes/evil/Quit.class", new String(exitClass, StandardCharsets.ISO_8859_1));

    HttpResponse<String> response = deployRaw(bundle);

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode problem = RunningServer.json(response);
    assertThat(problem.get("code").asText()).isEqualTo("ForbiddenCall");
    assertThat(problem.get("detail").asText()).contains("evil.Quit").contains("System.exit");
  }

  @Test
  void rejectsBundlesWithEntriesOutsideTheBundle() throws IOException {
    HttpResponse<String> response = deployRaw(zip("cumulo.yaml", "name: x\n", "../../escape.txt", "x"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(RunningServer.json(response).get("detail").asText()).contains("outside the bundle");
  }

  @Test
  void rejectsGarbageInsteadOfAZip() {
    HttpResponse<String> response = deployRaw("not a zip".getBytes(StandardCharsets.UTF_8));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(RunningServer.json(response).get("code").asText()).isEqualTo("InvalidBundle");
  }

  @Test
  void finishesInFlightInvocations_whenTheAppIsRedeployed() throws Exception {
    String app = manifest("demo", function("sleep", "Sleep", "maxInstances: 3"));
    server.deploy(app);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        calls.add(pool.submit(() -> server.invoke("demo/sleep", "{\"millis\":1000}")));
      }
      RunningServer.await(Duration.ofSeconds(5), "three calls in flight",
          () -> server.server().platform().runtime().poolStats("demo/sleep").inFlight() == 3);

      JsonNode v2 = server.deploy(app);

      assertThat(v2.get("version").asInt()).isEqualTo(2);
      for (Future<HttpResponse<String>> call : calls) {
        assertThat(call.get().statusCode()).isEqualTo(200);
      }
    }
    HttpResponse<String> after = server.invoke("demo/sleep", "{\"millis\":1}");
    assertThat(after.headers().firstValue("X-Cumulo-Cold-Start")).hasValue("true");
  }

  @Test
  void restoresDeployedApps_afterARestart() throws IOException {
    server.deploy(manifest("demo", function("greet", "Greet")));
    server.deploy(manifest("demo", function("greet", "Greet")));

    server.restart();

    HttpResponse<String> response = server.invoke("demo/greet", "{\"name\":\"again\"}");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode apps = RunningServer.json(server.get("/admin/v1/apps")).get("apps");
    assertThat(apps.get(0).get("version").asInt()).isEqualTo(2);
  }

  @Test
  void stopsServingAnApp_whenItIsDeleted() {
    server.deploy(manifest("demo", function("echo", "Echo")));

    HttpResponse<String> deleted = server.send("DELETE", "/admin/v1/apps/demo", null);

    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(server.invoke("demo/echo", "{}").statusCode()).isEqualTo(404);
    assertThat(server.send("DELETE", "/admin/v1/apps/demo", null).statusCode()).isEqualTo(404);
  }
}
