package io.cumulo.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceRulesTest {
  private final ManifestParser parser = new ManifestParser();

  /** Lines 1-8 of a valid manifest; a case's own lines start at line 9, indented for catalog. */
  private static final String HEAD = """
      name: demo
      functions:
        echo:
          handler: com.example.Echo
          jar: build/echo.jar
      services:
        catalog:
          main: com.example.Catalog
      """;

  private AppManifest parse(String yaml) {
    return parser.parse("cumulo.yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void appliesDefaults_whenOnlyMainAndJarAreGiven() {
    ServiceSpec catalog = parse(HEAD + "    jar: build/catalog.jar\n").services().get("catalog");

    assertThat(catalog).isEqualTo(new ServiceSpec("catalog", "com.example.Catalog",
        new CodeSource(CodeSource.Kind.JAR, "build/catalog.jar"), List.of(),
        ServiceSpec.DEFAULT_REPLICAS, Map.of(), ServiceSpec.DEFAULT_HEALTH,
        ServiceSpec.DEFAULT_START_TIMEOUT, ServiceSpec.DEFAULT_STOP_TIMEOUT,
        ServiceSpec.DEFAULT_REQUEST_TIMEOUT));
  }

  @Test
  void readsEveryField_whenCommandServiceIsComplete() {
    ServiceSpec auth = parse("""
        name: demo
        functions:
          echo:
            handler: com.example.Echo
            jar: build/echo.jar
        services:
          auth:
            command: [./bin/auth, --port, 8080]
            replicas: 16
            env:
              MODE: strict
            health: /ready
            startTimeout: 5s
            stopTimeout: 500ms
            requestTimeout: 2m
        """).services().get("auth");

    assertThat(auth.main()).isNull();
    assertThat(auth.code()).isNull();
    assertThat(auth.command()).containsExactly("./bin/auth", "--port", "8080");
    assertThat(auth.replicas()).isEqualTo(16);
    assertThat(auth.env()).isEqualTo(Map.of("MODE", "strict"));
    assertThat(auth.health()).isEqualTo("/ready");
    assertThat(auth.startTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(auth.stopTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(auth.requestTimeout()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void hasNoServices_whenKeyIsAbsent() {
    assertThat(parse(HEAD.substring(0, HEAD.indexOf("services:"))).services()).isEmpty();
  }

  static Stream<Arguments> badServices() {
    return Stream.of(
        arguments(HEAD, "7:3", "services.catalog", "says nowhere where its code is"),
        arguments(HEAD + "    jar: a.jar\n    command: [x]\n", "10:5", "services.catalog.command",
            "give either main (with jar: or classes:) or command, not both"),
        arguments(HEAD.replace("    main: com.example.Catalog\n", "    replicas: 2\n"), "7:3",
            "services.catalog", "says nowhere what to run"),
        arguments(HEAD.replace("com.example.Catalog", "not a class") + "    jar: a.jar\n", "8:11", "services.catalog.main",
            "'not a class' is not a Java class name"),
        arguments(HEAD + "    jar: a.jar\n    replicas: 17\n", "10:15", "services.catalog.replicas",
            "17 is out of range; allowed 1..16"),
        arguments(HEAD + "    jar: a.jar\n    replicas: 0\n", "10:15", "services.catalog.replicas",
            "allowed 1..16"),
        arguments(HEAD + "    jar: a.jar\n    health: healthz\n", "10:13", "services.catalog.health",
            "'healthz' is not an HTTP path"),
        arguments(HEAD + "    jar: a.jar\n    startTimeout: 30\n", "10:19",
            "services.catalog.startTimeout", "30 has no unit"),
        arguments(HEAD + "    jar: a.jar\n    stopTimeout: 1h\n", "10:18",
            "services.catalog.stopTimeout", "1h is out of range; allowed 100ms..5m"),
        arguments(HEAD + "    jar: a.jar\n    env:\n      1X: y\n", "11:7", "services.catalog.env.1X",
            "'1X' is not a valid variable name"),
        arguments(HEAD + "    jar: a.jar\n    replcas: 2\n", "10:5", "services.catalog.replcas",
            "unknown key 'replcas'; allowed keys are main, jar, classes, command, replicas"),
        arguments(HEAD.replace("    main: com.example.Catalog\n", "    command: ./run\n"), "8:14",
            "services.catalog.command", "expected a non-empty list of strings"),
        arguments(HEAD.replace("    main: com.example.Catalog\n", "    command: [./run]\n    jar: a.jar\n"),
            "9:5", "services.catalog.jar", "jar only goes with main:, not with command:"),
        arguments(HEAD.replace("  catalog:", "  Catalog:") + "    jar: a.jar\n", "7:3",
            "services.Catalog", "'Catalog' is not a valid service name"),
        arguments(HEAD.replace("  catalog:", "  echo:") + "    jar: a.jar\n", "7:3",
            "services.echo", "'echo' is also a function's name"),
        arguments(HEAD.substring(0, HEAD.indexOf("services:")) + "services: [a]\n", "6:11",
            "services", "expected a map of services by name, got a list"));
  }

  @ParameterizedTest
  @MethodSource("badServices")
  void reportsPositionAndReason_whenServiceIsInvalid(String yaml, String position, String path,
      String fragment) {
    var e = catchThrowableOfType(ManifestException.class, () -> parse(yaml));

    assertThat(e).as("no problem found in:\n" + yaml).isNotNull();
    assertThat(e.problems()).hasSize(1);
    ManifestProblem problem = e.problems().getFirst();
    assertThat(problem.line() + ":" + problem.column()).isEqualTo(position);
    assertThat(problem.path()).isEqualTo(path);
    assertThat(problem.message()).contains(fragment);
  }
}
