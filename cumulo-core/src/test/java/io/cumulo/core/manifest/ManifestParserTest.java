package io.cumulo.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ManifestParserTest {
  private final ManifestParser parser = new ManifestParser();

  /** Lines 1-5 of a valid manifest; a case's own lines start at line 6, indented for echo. */
  private static final String HEAD = """
      name: demo
      functions:
        echo:
          handler: com.example.Echo
          jar: build/echo.jar
      """;

  @Test
  void readsEveryField_whenManifestIsComplete() {
    AppManifest manifest = parse("""
        name: photos
        functions:
          thumbnail:
            handler: com.example.photos.Thumbnail$Handler
            jar: build/thumbnail.jar
            memory: 1024
            timeout: 500ms
            concurrency: 4
            minInstances: 1
            maxInstances: 20
            maxQueued: 500
            idleTimeout: 2m
            maxAttempts: 5
            env:
              BUCKET: thumbnails
              SIZE: 256
              RATIO: 1.50
              SHARP: true
              _EMPTY: ''
            triggers:
              - schedule: rate(5 minutes)
              - schedule: "cron(0 12 * * ? *)"
              - schedule: '*/10 * * * *'
          indexer:
            handler: Indexer
            classes: build/classes
        """);

    assertThat(manifest.name()).isEqualTo("photos");
    assertThat(manifest.functions()).containsOnlyKeys("thumbnail", "indexer");
    assertThat(manifest.functions().keySet()).containsExactly("thumbnail", "indexer");
    FunctionSpec thumbnail = manifest.functions().get("thumbnail");
    assertThat(thumbnail.name()).isEqualTo("thumbnail");
    assertThat(thumbnail.handler()).isEqualTo("com.example.photos.Thumbnail$Handler");
    assertThat(thumbnail.code()).isEqualTo(new CodeSource(CodeSource.Kind.JAR, "build/thumbnail.jar"));
    assertThat(thumbnail.memoryMb()).isEqualTo(1024);
    assertThat(thumbnail.timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(thumbnail.concurrency()).isEqualTo(4);
    assertThat(thumbnail.minInstances()).isEqualTo(1);
    assertThat(thumbnail.maxInstances()).isEqualTo(20);
    assertThat(thumbnail.maxQueued()).isEqualTo(500);
    assertThat(thumbnail.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(thumbnail.maxAttempts()).isEqualTo(5);
    assertThat(thumbnail.env()).isEqualTo(Map.of(
        "BUCKET", "thumbnails", "SIZE", "256", "RATIO", "1.50", "SHARP", "true", "_EMPTY", ""));
    assertThat(thumbnail.triggers()).hasSize(3).allSatisfy(t -> assertThat(t).isInstanceOf(ScheduleTrigger.class));
    List<String> expressions = thumbnail.triggers().stream()
        .map(t -> ((ScheduleTrigger) t).schedule().expression()).toList();
    assertThat(expressions).containsExactly("rate(5 minutes)", "cron(0 12 * * ? *)", "*/10 * * * *");
    Instant now = Instant.parse("2026-03-15T10:07:30Z");
    assertThat(((ScheduleTrigger) thumbnail.triggers().get(1)).schedule().nextAfter(now))
        .isEqualTo(Instant.parse("2026-03-15T12:00:00Z"));
  }

  @Test
  void readsBucketsAndBucketTriggers_whenDeclared() {
    AppManifest manifest = parse("""
        name: photos
        buckets: [photos-uploads, photos-derived]
        functions:
          thumbnail:
            handler: com.example.Thumbnail
            jar: build/photos.jar
            triggers:
              - bucket: photos-uploads
                events: [ObjectCreated, "s3:ObjectRemoved:Delete"]
                prefix: incoming/
                suffix: .jpg
              - bucket: photos-derived
        """);

    assertThat(manifest.buckets()).containsExactly("photos-uploads", "photos-derived");
    assertThat(manifest.functions().get("thumbnail").triggers()).containsExactly(
        new BucketTrigger("photos-uploads", List.of("ObjectCreated:*", "ObjectRemoved:Delete"),
            "incoming/", ".jpg"),
        new BucketTrigger("photos-derived", List.of("ObjectCreated:*"), "", ""));
    BucketTrigger trigger = (BucketTrigger) manifest.functions().get("thumbnail").triggers().get(0);
    assertThat(trigger.matches("photos-uploads", "ObjectCreated:Put", "incoming/a.jpg")).isTrue();
    assertThat(trigger.matches("photos-uploads", "ObjectRemoved:Delete", "incoming/a.jpg")).isTrue();
    assertThat(trigger.matches("photos-uploads", "ObjectCreated:Copy", "incoming/a.png")).isFalse();
    assertThat(trigger.matches("photos-uploads", "ObjectCreated:Put", "other/a.jpg")).isFalse();
    assertThat(trigger.matches("photos-derived", "ObjectCreated:Put", "incoming/a.jpg")).isFalse();
  }

  @Test
  void readsTableTriggersAndBucketCors_whenDeclared() {
    AppManifest manifest = parse("""
        name: photos
        buckets:
          - name: photos-uploads
            cors: {origins: ["*"], methods: [PUT], headers: ["*"]}
          - photos-derived
        functions:
          indexer:
            handler: com.example.Indexer
            jar: build/photos.jar
            triggers:
              - table: photos
              - table: audit
                operations: [insert, REMOVE]
        """);

    assertThat(manifest.buckets()).containsExactly("photos-uploads", "photos-derived");
    assertThat(manifest.bucketCors()).containsOnlyKeys("photos-uploads");
    assertThat(manifest.bucketCors().get("photos-uploads").methods()).containsExactly("PUT");
    assertThat(manifest.functions().get("indexer").triggers()).containsExactly(
        new TableTrigger("photos", java.util.Set.of("INSERT", "MODIFY", "REMOVE")),
        new TableTrigger("audit", java.util.Set.of("INSERT", "REMOVE")));
    TableTrigger audit = (TableTrigger) manifest.functions().get("indexer").triggers().get(1);
    assertThat(audit.matches("audit", "INSERT")).isTrue();
    assertThat(audit.matches("audit", "MODIFY")).isFalse();
    assertThat(audit.matches("photos", "INSERT")).isFalse();
  }

  @Test
  void readsWorkflows_withTheirTriggers() {
    AppManifest manifest = parse("""
        name: photos
        buckets: [photos-uploads]
        functions:
          thumbnail: {handler: com.example.Thumbnail, jar: build/photos.jar}
        workflows:
          pipeline:
            definition: workflows/pipeline.asl.json
            triggers:
              - bucket: photos-uploads
          nightly: {definition: nightly.asl.json}
        """);

    assertThat(manifest.workflows()).containsOnlyKeys("pipeline", "nightly");
    assertThat(manifest.workflows().get("pipeline")).isEqualTo(new WorkflowSpec("pipeline",
        "workflows/pipeline.asl.json",
        List.of(new BucketTrigger("photos-uploads", List.of("ObjectCreated:*"), "", ""))));
    assertThat(manifest.workflows().get("nightly").triggers()).isEmpty();
  }

  @Test
  void appliesDefaults_whenOptionsAreOmitted() {
    FunctionSpec echo = parse(HEAD).functions().get("echo");

    assertThat(echo).isEqualTo(new FunctionSpec("echo", "com.example.Echo",
        new CodeSource(CodeSource.Kind.JAR, "build/echo.jar"),
        ManifestLimits.DEFAULT_MEMORY_MB, ManifestLimits.DEFAULT_TIMEOUT,
        ManifestLimits.DEFAULT_CONCURRENCY, ManifestLimits.DEFAULT_MIN_INSTANCES,
        ManifestLimits.DEFAULT_MAX_INSTANCES, ManifestLimits.DEFAULT_MAX_QUEUED,
        ManifestLimits.DEFAULT_IDLE_TIMEOUT, ManifestLimits.DEFAULT_MAX_ATTEMPTS, Map.of(), List.of()));
  }

  @Test
  void acceptsBoundaryValues_whenAtTheLimits() {
    FunctionSpec echo = parse(HEAD + """
            memory: 64
            timeout: 15m
            concurrency: 1000
            minInstances: 1000
            maxInstances: 1000
            maxQueued: 0
            idleTimeout: 24h
            maxAttempts: 1
        """).functions().get("echo");

    assertThat(echo.memoryMb()).isEqualTo(ManifestLimits.MIN_MEMORY_MB);
    assertThat(echo.timeout()).isEqualTo(ManifestLimits.MAX_TIMEOUT);
    assertThat(echo.idleTimeout()).isEqualTo(ManifestLimits.MAX_IDLE_TIMEOUT);
    assertThat(echo.minInstances()).isEqualTo(echo.maxInstances()).isEqualTo(1000);
  }

  static Stream<Arguments> badManifests() {
    return Stream.of(
        arguments(HEAD + "    memory: 5\n", "6:13", "functions.echo.memory",
            "5 is out of range; allowed 64..10240 (MiB)"),
        arguments(HEAD + "    memory: \"512\"\n", "6:13", "functions.echo.memory",
            "got the text '512'; write it without quotes"),
        arguments(HEAD + "    memory: 1.5\n", "6:13", "functions.echo.memory",
            "expected a whole number (MiB), got the number 1.5"),
        arguments(HEAD + "    memory: 99999999999999999999\n", "6:13", "functions.echo.memory",
            "is out of range; allowed 64..10240"),
        arguments(HEAD + "    timeout: 30x\n", "6:14", "functions.echo.timeout",
            "'30x' is not a duration; use a number with ms, s, m or h, e.g. 30s"),
        arguments(HEAD + "    timeout: 30\n", "6:14", "functions.echo.timeout",
            "30 has no unit; add ms, s, m or h, e.g. 30s"),
        arguments(HEAD + "    timeout: 20m\n", "6:14", "functions.echo.timeout",
            "20m is out of range; allowed 10ms..15m"),
        arguments(HEAD + "    idleTimeout: 50ms\n", "6:18", "functions.echo.idleTimeout",
            "allowed 100ms..24h"),
        arguments(HEAD + "    concurrency: 0\n", "6:18", "functions.echo.concurrency",
            "0 is out of range; allowed 1..1000"),
        arguments(HEAD + "    minInstances: 5\n    maxInstances: 2\n", "6:19",
            "functions.echo.minInstances", "minInstances 5 is more than maxInstances 2;"),
        arguments(HEAD + "    minInstances: 20\n", "6:19", "functions.echo.minInstances",
            "more than maxInstances 10 (the default)"),
        arguments(HEAD + "    maxQueued: -1\n", "6:16", "functions.echo.maxQueued",
            "-1 is out of range; allowed 0..100000"),
        arguments(HEAD + "    maxAttempts: 0\n", "6:18", "functions.echo.maxAttempts",
            "allowed 1..100"),
        arguments(HEAD + "    memroy: 512\n", "6:5", "functions.echo.memroy",
            "unknown key 'memroy'; allowed keys are handler, jar, classes, memory, timeout"),
        arguments(HEAD + "    env: [A, B]\n", "6:10", "functions.echo.env",
            "expected a map of variable names to values, got a list"),
        arguments(HEAD + "    env:\n      1BAD: x\n", "7:7", "functions.echo.env.1BAD",
            "'1BAD' is not a valid variable name"),
        arguments(HEAD + "    env:\n      A: [1]\n", "7:10", "functions.echo.env.A",
            "expected text, a number or true/false, got a list"),
        arguments(HEAD + "    env:\n      A: ~\n", "7:10", "functions.echo.env.A",
            "has no value; write '' for empty text"),
        arguments(HEAD + "    triggers: {schedule: x}\n", "6:15", "functions.echo.triggers",
            "expected a list of triggers"),
        arguments(HEAD + "    triggers:\n      - schedule: rate(5 minute)\n", "7:19",
            "functions.echo.triggers[0].schedule", "with 5 use the plural"),
        arguments(HEAD + "    triggers:\n      - schedule: cron(0 12 * * * *)\n", "7:19",
            "functions.echo.triggers[0].schedule", "'?' for the other"),
        arguments(HEAD + "    triggers:\n      - bucket: photos\n", "7:17",
            "functions.echo.triggers[0].bucket", "bucket 'photos' is not declared under the app's buckets"),
        arguments("name: demo\nbuckets: [photos]\n" + HEAD.substring("name: demo\n".length())
                + "    triggers:\n      - bucket: photos\n        events: [ObjectMoved]\n", "9:18",
            "functions.echo.triggers[0].events[0]", "'ObjectMoved' is not an event type"),
        arguments("name: demo\nbuckets: [photos]\n" + HEAD.substring("name: demo\n".length())
                + "    triggers:\n      - bucket: photos\n        suffixes: .jpg\n", "9:9",
            "functions.echo.triggers[0].suffixes", "unknown key 'suffixes'"),
        arguments(HEAD + "    triggers:\n      - http: /x\n", "7:9",
            "functions.echo.triggers[0].http", "'http' triggers are not supported yet"),
        arguments(HEAD + "    triggers:\n      - cron: x\n", "7:9",
            "functions.echo.triggers[0].cron", "unknown trigger kind 'cron'; supported: schedule, bucket, table"),
        arguments(HEAD + "    triggers:\n      - schedule: rate(1 day)\n        http: /x\n", "7:9",
            "functions.echo.triggers[0]", "exactly one kind key (schedule, bucket, table); found schedule, http"),
        arguments(HEAD + "    triggers:\n      - table: Photos!\n", "7:16",
            "functions.echo.triggers[0].table", "'Photos!' is not a valid table name"),
        arguments(HEAD + "    triggers:\n      - table: photos\n        operations: [UPSERT]\n", "8:22",
            "functions.echo.triggers[0].operations[0]", "'UPSERT' is not an operation; allowed: INSERT, MODIFY, REMOVE"),
        arguments("name: demo\nbuckets:\n  - name: upl\n    cors: {origins: [ftp://x]}\n"
                + HEAD.substring("name: demo\n".length()), "4:22",
            "buckets.upl.cors.origins[0]", "'ftp://x' is not an origin"),
        arguments("name: demo\nbuckets:\n  - cors: {origins: ['*']}\n" + HEAD.substring("name: demo\n".length()),
            "3:5", "buckets[0]", "name"),
        arguments(HEAD + "    triggers:\n      - rate(1 day)\n", "7:9",
            "functions.echo.triggers[0]", "expected a trigger, e.g. schedule: rate(5 minutes)"),
        arguments(HEAD + "    classes: build/classes\n", "6:5", "functions.echo.classes",
            "either jar or classes, not both"),
        arguments(HEAD.replace("build/echo.jar", "../echo.jar"), "5:10", "functions.echo.jar",
            "'../echo.jar' escapes the app folder"),
        arguments(HEAD.replace("build/echo.jar", "/opt/echo.jar"), "5:10", "functions.echo.jar",
            "'/opt/echo.jar' is absolute"),
        arguments(HEAD.replace("build/echo.jar", "build\\echo.jar"), "5:10", "functions.echo.jar",
            "uses backslashes; separate folders with '/'"),
        arguments(HEAD.replace("build/echo.jar", "build/echo.zip"), "5:10", "functions.echo.jar",
            "does not end in .jar"),
        arguments(HEAD.replace("jar: build/echo.jar", "classes: ./build//classes/"), "5:14",
            "functions.echo.classes", "is not normalised; write it as 'build/classes'"),
        arguments(HEAD.replace("jar: build/echo.jar", "classes: ./"), "5:14",
            "functions.echo.classes", "'./' names the app folder itself"),
        arguments(HEAD + "    maxQueued: 0x10\n", "6:16", "functions.echo.maxQueued",
            "write 0x10 as a plain decimal number"),
        arguments(HEAD.replace("com.example.Echo", "com.example.9Echo"), "4:14",
            "functions.echo.handler", "'com.example.9Echo' is not a Java class name"),
        arguments(HEAD.replace("com.example.Echo", "42"), "4:14", "functions.echo.handler",
            "expected the handler's class name, e.g. com.example.Echo, got the number 42"),
        arguments(HEAD.replace("    handler: com.example.Echo\n", ""), "3:3", "functions.echo",
            "missing required key 'handler'"),
        arguments(HEAD.replace("    jar: build/echo.jar\n", ""), "3:3", "functions.echo",
            "add jar: (a .jar file) or classes: (a directory of classes)"),
        arguments(HEAD.replace("  echo:", "  Echo:"), "3:3", "functions.Echo",
            "'Echo' is not a valid function name; use lowercase letters"),
        arguments("name: demo\nfunctions:\n  echo: [x]\n", "3:9", "functions.echo",
            "expected the function's settings"),
        arguments(HEAD.replace("name: demo", "name: Demo"), "1:7", "name",
            "'Demo' is not a valid name"),
        arguments(HEAD + "title: demo\n", "6:1", "title",
            "unknown key 'title'; allowed keys are name, buckets, functions"),
        arguments("name: demo\nfunctions: []\n", "2:12", "functions",
            "expected a map of functions by name, got a list"),
        arguments("name: demo\nfunctions: {}\n", "2:12", "functions",
            "has no functions; list at least one, or remove the key"),
        arguments("name: demo\n", "1:1", "", "has no functions and no services; an app needs at least one"),
        arguments(HEAD + "buckets:\n  photos: {}\n", "7:3", "buckets",
            "expected a list of bucket names"),
        arguments(HEAD + "buckets: [Photos, abc]\n", "6:11", "buckets[0]",
            "'Photos' is not a valid bucket name"),
        arguments(HEAD + "buckets: [photos, photos]\n", "6:19", "buckets[1]",
            "bucket 'photos' is listed twice"),
        arguments(HEAD + "workflows:\n  flow: {definition: ../flow.asl.json}\n", "7:22",
            "workflows.flow.definition", "escapes the app folder"),
        arguments(HEAD + "workflows:\n  flow: {definition: flow.asl.json, trigers: []}\n", "7:37",
            "workflows.flow.trigers", "unknown key 'trigers'; allowed keys are definition, triggers"),
        arguments(HEAD + "workflows:\n  flow:\n    definition: flow.asl.json\n    triggers:\n      - bucket: nope\n",
            "10:17", "workflows.flow.triggers[0].bucket", "bucket 'nope' is not declared"),
        arguments(HEAD + "    memory: 512\n    memory: 1024\n", "7:5", "",
            "duplicate key 'memory'; it is already set on line 6"),
        arguments(HEAD + "    memory: &m 512\n    maxQueued: *m\n", "7:16", "",
            "YAML aliases (*m) are not allowed"),
        arguments(HEAD + "    triggers:\n      - schedule: */5 * * * *\n", "7:20", "",
            "not valid YAML: unexpected character found /(47) (while scanning an alias); a value"
                + " that starts with '*', like a cron expression, must be quoted"),
        arguments("name: demo\n\tfunctions: {}\n", "2:1", "",
            "not valid YAML: found character '\\t(TAB)' that cannot start any token"),
        arguments("- name: demo\n", "1:1", "", "expected a map with the keys 'name' and 'functions'"),
        arguments("name: [demo\n", "2:1", "", "not valid YAML: expected ',' or ']'"),
        arguments(HEAD + "---\nname: other\n", "7:1", "", "a manifest is one YAML document"),
        arguments("# nothing here\n", "0:0", "", "the file is empty"));
  }

  @ParameterizedTest
  @MethodSource("badManifests")
  void reportsPositionAndReason_whenManifestIsInvalid(
      String yaml, String position, String path, String fragment) {
    List<ManifestProblem> problems = problemsOf(yaml);

    assertThat(problems).hasSize(1);
    ManifestProblem problem = problems.getFirst();
    assertThat(problem.line() + ":" + problem.column()).isEqualTo(position);
    assertThat(problem.path()).isEqualTo(path);
    assertThat(problem.message()).contains(fragment);
    assertThat(problem.file()).isEqualTo("cumulo.yaml");
  }

  @Test
  void reportsAllProblemsInDocumentOrder_whenThereAreSeveral() {
    var e = catchThrowableOfType(ManifestException.class, () -> parser.parse("cumulo.yaml", utf8("""
        name: Demo
        workflows: []
        functions:
          echo:
            handler: com.example.Echo
            jar: build/echo.jar
            memory: 5
            timeout: 30x
          other:
            memory: 128
        """)));

    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.code()).isEqualTo("InvalidManifest");
    assertThat(e.problems()).extracting(ManifestProblem::toString).containsExactly(
        "cumulo.yaml:1:7: name: 'Demo' is not a valid name; use lowercase letters, digits and '-',"
            + " starting with a letter, at most 63 characters",
        "cumulo.yaml:2:12: workflows: expected a map of workflows by name, got a list",
        "cumulo.yaml:7:13: functions.echo.memory: 5 is out of range; allowed 64..10240 (MiB)",
        "cumulo.yaml:8:14: functions.echo.timeout: '30x' is not a duration; use a number with ms,"
            + " s, m or h, e.g. 30s",
        "cumulo.yaml:9:3: functions.other: missing required key 'handler' (the handler's class"
            + " name, e.g. com.example.Echo)",
        "cumulo.yaml:9:3: functions.other: says nowhere where its code is; add jar: (a .jar file)"
            + " or classes: (a directory of classes), relative to the app folder");
    assertThat(e.getMessage().lines()).hasSize(6);
  }

  @Test
  void rejectsWithoutParsing_whenLargerThanLimit() {
    byte[] huge = new byte[ManifestLimits.MAX_MANIFEST_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) '#');

    assertThat(problemsOf(huge)).singleElement().hasToString(
        "cumulo.yaml: is larger than 1048576 bytes, the most allowed for a manifest");
  }

  @Test
  void rejectsTooManyEnvEntries_whenOverLimit() {
    var yaml = new StringBuilder(HEAD).append("    env:\n");
    for (int i = 0; i <= ManifestLimits.MAX_ENV_ENTRIES; i++) {
      yaml.append("      V").append(i).append(": x\n");
    }

    assertThat(problemsOf(yaml.toString())).singleElement().satisfies(p -> {
      assertThat(p.line() + ":" + p.column()).isEqualTo("7:7");
      assertThat(p.message()).isEqualTo("has 257 variables; the most allowed is 256");
    });
  }

  @Test
  void rejectsTooManyFunctions_whenOverLimit() {
    var yaml = new StringBuilder("name: big\nfunctions:\n");
    for (int i = 0; i <= ManifestLimits.MAX_FUNCTIONS; i++) {
      yaml.append("  f").append(i).append(": {handler: a.B, jar: f.jar}\n");
    }

    assertThat(problemsOf(yaml.toString())).singleElement().hasToString(
        "cumulo.yaml:3:3: functions: has 201 functions; the most allowed is 200");
  }

  @Test
  void stopsAtLimit_whenNestingIsDeep() {
    String deep = HEAD + "    env: " + "[".repeat(100) + "]".repeat(100) + "\n";

    assertThat(problemsOf(deep)).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("nesting is deeper than 32 levels"));
  }

  @Test
  void readsFile_whenGivenAPath(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("cumulo.yaml"), HEAD);

    assertThat(parser.parse(file).functions()).containsOnlyKeys("echo");
  }

  @Test
  void namesTheFile_whenItIsMissing(@TempDir Path dir) {
    assertThatThrownBy(() -> parser.parse(dir.resolve("cumulo.yaml")))
        .isInstanceOf(ManifestException.class)
        .hasMessage("cumulo.yaml: not found; an app folder needs a cumulo.yaml");
  }

  private AppManifest parse(String yaml) {
    return parser.parse("cumulo.yaml", utf8(yaml));
  }

  private List<ManifestProblem> problemsOf(String yaml) {
    return problemsOf(utf8(yaml));
  }

  private List<ManifestProblem> problemsOf(byte[] yaml) {
    var e = catchThrowableOfType(ManifestException.class, () -> parser.parse("cumulo.yaml", yaml));
    assertThat(e).as("expected the manifest to be rejected").isNotNull();
    return e.problems();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
