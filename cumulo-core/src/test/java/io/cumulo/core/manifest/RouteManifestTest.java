package io.cumulo.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.cumulo.core.manifest.RouteSpec.Auth;
import io.cumulo.core.manifest.RouteSpec.LimitBy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RouteManifestTest {
  private final ManifestParser parser = new ManifestParser();

  /** Lines 1-6 of a valid manifest; a case's routes start at line 7. */
  private static final String HEAD = """
      name: demo
      functions:
        echo:
          handler: com.example.Echo
          jar: build/echo.jar
      routes:
      """;

  @Test
  void readsEveryRouteOption_whenGiven() {
    AppManifest manifest = parse(HEAD + """
          - path: /api/images/{id}
            method: [get, POST]
            function: echo
            auth: jwt
            rateLimit: {requests: 100, per: 1m, by: key}
            timeout: 2s
            maxBodyBytes: 1024
            cors: {origins: ['https://example.com'], methods: [GET], headers: [X-Trace], maxAge: 1m, credentials: true}
            async: true
          - path: /files/**
            service: catalog
        web: site/
        host: Photos.localhost
        jwt:
          secret: 0123456789abcdef0123456789abcdef
          issuer: https://issuer.example
          audience: photos
        services:
          catalog:
            command: [./catalog]
        """);

    RouteSpec first = manifest.routes().getFirst();
    assertThat(first.path()).isEqualTo("/api/images/{id}");
    assertThat(first.methods()).isEqualTo(Set.of("GET", "POST"));
    assertThat(first.target()).isEqualTo(new RouteTarget.Function("echo"));
    assertThat(first.auth()).isEqualTo(Auth.JWT);
    assertThat(first.rateLimit()).isEqualTo(new RouteSpec.RateLimit(100, Duration.ofMinutes(1), LimitBy.KEY));
    assertThat(first.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(first.maxBodyBytes()).isEqualTo(1024);
    assertThat(first.cors()).isEqualTo(new RouteSpec.Cors(List.of("https://example.com"),
        List.of("GET"), List.of("X-Trace"), Duration.ofMinutes(1), true));
    assertThat(first.async()).isTrue();
    RouteSpec second = manifest.routes().get(1);
    assertThat(second.target()).isEqualTo(new RouteTarget.Service("catalog"));
    assertThat(second.methods()).isEmpty();
    assertThat(second.auth()).isEqualTo(Auth.NONE);
    assertThat(second.rateLimit()).isNull();
    assertThat(second.timeout()).isNull();
    assertThat(second.maxBodyBytes()).isEqualTo(RouteSpec.DEFAULT_MAX_BODY_BYTES);
    assertThat(second.cors()).isNull();
    assertThat(manifest.web()).isEqualTo("site");
    assertThat(manifest.host()).isEqualTo("photos.localhost");
    assertThat(manifest.jwt()).isEqualTo(new JwtConfig("0123456789abcdef0123456789abcdef", null, null,
        "https://issuer.example", "photos"));
  }

  @Test
  void defaultsMethodsAndCacheControl_whenEventsAndBucketRoutesGiveNone() {
    AppManifest manifest = parse(HEAD + """
          - {path: /status, events: status, auth: apiKey}
          - {path: '/media/**', bucket: photos-derived}
          - {path: '/raw/{key+}', bucket: photos-derived, method: GET, cacheControl: 'private, max-age=5'}
        buckets: [photos-derived]
        """);

    RouteSpec events = manifest.routes().getFirst();
    assertThat(events.target()).isEqualTo(new RouteTarget.Events("status"));
    assertThat(events.methods()).isEqualTo(Set.of("GET"));
    assertThat(events.auth()).isEqualTo(Auth.API_KEY);
    assertThat(events.cacheControl()).isNull();
    RouteSpec media = manifest.routes().get(1);
    assertThat(media.target()).isEqualTo(new RouteTarget.Bucket("photos-derived"));
    assertThat(media.methods()).isEqualTo(Set.of("GET", "HEAD"));
    assertThat(media.cacheControl()).isEqualTo("public, max-age=60");
    RouteSpec raw = manifest.routes().get(2);
    assertThat(raw.methods()).isEqualTo(Set.of("GET"));
    assertThat(raw.cacheControl()).isEqualTo("private, max-age=5");
  }

  @Test
  void hasNoRoutes_whenNoneAreDeclared() {
    AppManifest manifest = parse(HEAD.replace("routes:\n", ""));

    assertThat(manifest.routes()).isEmpty();
    assertThat(manifest.jwt()).isNull();
  }

  static Stream<Arguments> badRoutes() {
    return Stream.of(
        arguments("  - function: echo\n", "7:5", "routes[0]", "missing required key 'path'"),
        arguments("  - {path: api, function: echo}\n", "7:12", "routes[0].path", "does not start with '/'"),
        arguments("  - {path: /a/../b, function: echo}\n", "7:12", "routes[0].path", "has a '..' segment"),
        arguments("  - {path: /a//b, function: echo}\n", "7:12", "routes[0].path", "has an empty segment"),
        arguments("  - {path: '/a/**/b', function: echo}\n", "7:12", "routes[0].path",
            "has the greedy '**' before its end"),
        arguments("  - {path: '/a/{x}/{x}', function: echo}\n", "7:12", "routes[0].path",
            "names the parameter 'x' twice"),
        arguments("  - {path: '/a/b{x}', function: echo}\n", "7:12", "routes[0].path",
            "'b{x}' is not a valid path segment"),
        arguments("  - {path: /a, function: nope}\n", "7:26", "routes[0].function",
            "function 'nope' is not one of the app's functions (echo)"),
        arguments("  - {path: /a}\n", "7:5", "routes[0]", "has no target"),
        arguments("  - {path: /a, function: echo, service: web}\n", "7:32", "routes[0].service",
            "give one of function, service, events or bucket, not function and service"),
        arguments("  - {path: /s, events: status, method: POST}\n", "7:40", "routes[0].method",
            "an events route serves only GET, not POST"),
        arguments("  - {path: /s, events: status, method: ANY}\n", "7:40", "routes[0].method",
            "an events route serves only GET, not any method"),
        arguments("  - {path: /s, events: Status}\n", "7:24", "routes[0].events",
            "'Status' is not a channel name"),
        arguments("  - {path: /s, events: status, async: true}\n", "7:32", "routes[0].async",
            "async applies to function and service routes only"),
        arguments("  - {path: /s, events: status, maxBodyBytes: 10}\n", "7:32", "routes[0].maxBodyBytes",
            "maxBodyBytes applies to function and service routes only"),
        arguments("  - {path: /s, events: status, function: echo}\n", "7:32", "routes[0].function",
            "give one of function, service, events or bucket, not function and events"),
        arguments("  - {path: '/m/**', bucket: nope}\nbuckets: [photos]\n", "7:29", "routes[0].bucket",
            "bucket 'nope' is not declared under the app's buckets (photos)"),
        arguments("  - {path: /m, bucket: photos}\nbuckets: [photos]\n", "7:12", "routes[0].path",
            "a bucket route's path must end in a greedy /** or {key+}"),
        arguments("  - {path: '/m/**', bucket: photos, method: [GET, PUT]}\nbuckets: [photos]\n", "7:45",
            "routes[0].method", "a bucket route serves only GET and HEAD, not GET, PUT"),
        arguments("  - {path: /a, function: echo, cacheControl: no-store}\n", "7:32",
            "routes[0].cacheControl", "cacheControl applies to bucket routes only"),
        arguments("  - {path: /a, function: echo, method: FETCH}\n", "7:40", "routes[0].method",
            "the text 'FETCH' is not an HTTP method"),
        arguments("  - {path: /a, function: echo, auth: oauth}\n", "7:38", "routes[0].auth",
            "'oauth' is not an auth kind; allowed: none, apiKey, jwt"),
        arguments("  - {path: /a, function: echo, auth: jwt}\n", "7:38", "routes[0].auth",
            "needs the app's top-level jwt"),
        arguments("  - {path: /a, function: echo, rateLimit: {requests: 0}}\n", "7:54",
            "routes[0].rateLimit.requests", "0 is out of range; allowed 1..1000000"),
        arguments("  - {path: /a, function: echo, rateLimit: {requests: 5, by: user}}\n", "7:61",
            "routes[0].rateLimit.by", "'user' is not a rate-limit key"),
        arguments("  - {path: /a, function: echo, rateLimit: {requests: 5, burst: 2}}\n", "7:57",
            "routes[0].rateLimit.burst", "unknown key 'burst'"),
        arguments("  - {path: /a, function: echo, maxBodyBytes: 7000000}\n", "7:46",
            "routes[0].maxBodyBytes", "7000000 is out of range; allowed 0..6291456 (bytes)"),
        arguments("  - {path: /a, function: echo, timeout: 5}\n", "7:41", "routes[0].timeout",
            "5 has no unit"),
        arguments("  - {path: /a, function: echo, cors: {origins: [example.com]}}\n", "7:49",
            "routes[0].cors.origins[0]", "'example.com' is not an origin"),
        arguments("  - {path: /a, function: echo, cors: {origins: ['*'], credentials: true}}\n", "7:55",
            "routes[0].cors.credentials", "cannot go with origin '*'"),
        arguments("  - {path: /a, function: echo, async: 1}\n", "7:39", "routes[0].async",
            "expected true or false"),
        arguments("  - {path: /a, function: echo, verb: GET}\n", "7:32", "routes[0].verb",
            "unknown key 'verb'; allowed keys are path, method, function"),
        arguments("  - {path: '/a/{id}', function: echo, method: GET}\n"
            + "  - {path: '/a/{name}', function: echo, method: [POST, GET]}\n", "8:5", "routes[1]",
            "another route already serves GET /a/{name}"),
        arguments("  - {path: /a, function: echo}\njwt: {secret: short}\n", "8:15", "jwt.secret",
            "shorter than 32 bytes"),
        arguments("  - {path: /a, function: echo}\njwt: {issuer: me}\n", "8:1", "jwt",
            "give exactly one key source"),
        arguments("  - {path: /a, function: echo}\njwt: {jwksUrl: 'https://x/jwks', kid: 1}\n", "8:34",
            "jwt.kid", "unknown key 'kid'"),
        arguments("  {path: /a}\n", "7:3", "routes", "expected a list of routes"),
        arguments("  - {path: /a, function: echo}\njwt: {publicKey: '-----BEGIN PUBLIC KEY-----AAAA-----END PUBLIC KEY-----'}\n",
            "8:18", "jwt.publicKey", "expected an RSA public key in PEM"),
        arguments("  - {path: /a, function: echo}\nweb: ../site\n", "8:6", "web", "escapes the app folder"),
        arguments("  - {path: /a, function: echo}\nhost: 'http://photos.localhost'\n", "8:7", "host",
            "is not a host name"));
  }

  @ParameterizedTest
  @MethodSource("badRoutes")
  void reportsPositionAndReason_whenARouteIsInvalid(
      String yaml, String position, String path, String fragment) {
    var e = catchThrowableOfType(ManifestException.class,
        () -> parser.parse("cumulo.yaml", (HEAD + yaml).getBytes(StandardCharsets.UTF_8)));

    assertThat(e).as("expected the manifest to be rejected").isNotNull();
    assertThat(e.problems()).hasSize(1);
    ManifestProblem problem = e.problems().getFirst();
    assertThat(problem.path()).isEqualTo(path);
    assertThat(problem.message()).contains(fragment);
    assertThat(problem.line() + ":" + problem.column()).isEqualTo(position);
  }

  private AppManifest parse(String yaml) {
    return parser.parse("cumulo.yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }
}
