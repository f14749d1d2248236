package io.cumulo.server;

import static io.cumulo.server.TestApps.function;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The policies of routes: API keys, JWT, rate limits and CORS. */
@Timeout(60)
class RoutePolicyTest {
  @RegisterExtension final RunningServer server = new RunningServer();

  private static final String SECRET = "a-test-secret-of-at-least-32-bytes!!";

  static String app(String jwt) {
    return "name: secure\nfunctions:\n"
        + function("echo", "HttpEcho")
        + function("typed", "HttpTyped")
        + """
        routes:
          - {path: /keyed, function: echo, auth: apiKey, rateLimit: {requests: 2, per: 1m, by: key}}
          - {path: '/me/{id}', function: typed, auth: jwt}
          - {path: /limited, function: echo, rateLimit: {requests: 2, per: 1h}}
          - {path: /cors, method: [GET, PUT], function: echo, cors: {origins: ['https://app.example'], headers: [X-Trace], maxAge: 5m}}
        """ + jwt;
  }

  private HttpResponse<String> callOn(String method, String path, String... headers) {
    var request = java.net.http.HttpRequest.newBuilder(server.uri().resolve(path))
        .timeout(Duration.ofSeconds(20)).method(method, java.net.http.HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      return java.net.http.HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void requiresALiveKeyOfTheApp_whenTheRouteNeedsAnApiKey() {
    server.deploy(app("jwt: {secret: '" + SECRET + "'}\n"));
    JsonNode created = RunningServer.json(server.post("/admin/v1/apps/secure/keys", "{\"name\":\"mobile\"}"));
    String key = created.get("key").asText();
    String id = created.get("id").asText();

    HttpResponse<String> missing = callOn("GET", "/apps/secure/keyed");
    HttpResponse<String> wrong = callOn("GET", "/apps/secure/keyed", "x-api-key", key + "x");
    HttpResponse<String> good = callOn("GET", "/apps/secure/keyed", "x-api-key", key);
    JsonNode listed = RunningServer.json(server.get("/admin/v1/apps/secure/keys"));
    assertThat(server.send("DELETE", "/admin/v1/apps/secure/keys/" + id, null).statusCode()).isEqualTo(204);
    HttpResponse<String> revoked = callOn("GET", "/apps/secure/keyed", "x-api-key", key);

    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(good.statusCode()).isEqualTo(200);
    assertThat(RunningServer.json(good).get("identity").get("apiKeyId").asText()).isEqualTo(id);
    assertThat(listed.get("keys").get(0).get("name").asText()).isEqualTo("mobile");
    assertThat(listed.toString()).doesNotContain(key);
    assertThat(revoked.statusCode()).isEqualTo(403);
  }

  @Test
  void passesClaims_whenTheJwtIsValid_andRefusesBadTokensWith401() throws Exception {
    server.deploy(app("jwt: {secret: '" + SECRET + "', issuer: https://issuer.example, audience: photos}\n"));
    Instant now = Instant.now();
    String good = hs256(claims(now).build(), SECRET);

    HttpResponse<String> ok = callOn("GET", "/apps/secure/me/9", "Authorization", "Bearer " + good);

    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
    assertThat(RunningServer.json(ok).get("sub").asText()).isEqualTo("ada");
    assertThat(callOn("GET", "/apps/secure/me/9").statusCode()).isEqualTo(401);
    String expired = hs256(claims(now).expirationTime(Date.from(now.minusSeconds(600))).build(), SECRET);
    String badSignature = hs256(claims(now).build(), SECRET.replace('a', 'b'));
    String wrongAudience = hs256(claims(now).audience("other").build(), SECRET);
    String wrongIssuer = hs256(claims(now).issuer("https://evil.example").build(), SECRET);
    for (String token : new String[] {expired, badSignature, wrongAudience, wrongIssuer, "not.a.jwt"}) {
      HttpResponse<String> refused = callOn("GET", "/apps/secure/me/9", "Authorization", "Bearer " + token);
      assertThat(refused.statusCode()).as(token).isEqualTo(401);
      assertThat(RunningServer.json(refused).get("code").asText()).isEqualTo("Unauthorized");
    }
  }

  @Test
  void verifiesRs256Tokens_whenTheAppGivesAPublicKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    String pem = "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
    server.deploy(app("jwt:\n  publicKey: |\n" + pem.indent(4)));
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims(Instant.now()).build());
    jwt.sign(new RSASSASigner(pair.getPrivate()));

    HttpResponse<String> ok = callOn("GET", "/apps/secure/me/1", "Authorization", "Bearer " + jwt.serialize());
    HttpResponse<String> hsToken = callOn("GET", "/apps/secure/me/1", "Authorization", "Bearer "
        + hs256(claims(Instant.now()).build(), SECRET));

    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
    assertThat(hsToken.statusCode()).isEqualTo(401);
  }

  @Test
  void verifiesEs256Tokens_withKeysFromAJwkSetUrl() throws Exception {
    com.nimbusds.jose.jwk.ECKey key = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(
        com.nimbusds.jose.jwk.Curve.P_256).keyID("k1").generate();
    // The JWK set is served by the gateway itself, as a web file of another app.
    server.deploy("name: idp\nweb: web\nfunctions:\n" + function("echo", "HttpEcho"),
        java.util.Map.of("web/jwks.json", new com.nimbusds.jose.jwk.JWKSet(key.toPublicJWK()).toString()));
    server.deploy(app("jwt: {jwksUrl: '" + server.uri() + "/apps/idp/jwks.json'}\n"));
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k1").build(),
        claims(Instant.now()).build());
    jwt.sign(new com.nimbusds.jose.crypto.ECDSASigner(key));

    HttpResponse<String> ok = callOn("GET", "/apps/secure/me/1", "Authorization", "Bearer " + jwt.serialize());

    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
    assertThat(RunningServer.json(ok).get("sub").asText()).isEqualTo("ada");
  }

  @Test
  void answers429WithRetryAfter_whenTheClientIsOverTheRateLimit() {
    server.deploy(app("jwt: {secret: '" + SECRET + "'}\n"));

    assertThat(callOn("GET", "/apps/secure/limited").statusCode()).isEqualTo(200);
    assertThat(callOn("GET", "/apps/secure/limited").statusCode()).isEqualTo(200);
    HttpResponse<String> limited = callOn("GET", "/apps/secure/limited");

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(RunningServer.json(limited).get("code").asText()).isEqualTo("TooManyRequests");
    long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 1800L);
  }

  @Test
  void limitsEachKeySeparately_whenTheLimitIsByKey() {
    server.deploy(app("jwt: {secret: '" + SECRET + "'}\n"));
    String first = RunningServer.json(server.post("/admin/v1/apps/secure/keys", "")).get("key").asText();
    String second = RunningServer.json(server.post("/admin/v1/apps/secure/keys", "")).get("key").asText();

    for (int i = 0; i < 2; i++) {
      assertThat(callOn("GET", "/apps/secure/keyed", "x-api-key", first).statusCode()).isEqualTo(200);
    }
    assertThat(callOn("GET", "/apps/secure/keyed", "x-api-key", first).statusCode()).isEqualTo(429);
    assertThat(callOn("GET", "/apps/secure/keyed", "x-api-key", second).statusCode()).isEqualTo(200);
  }

  @Test
  void answersPreflightsAndAddsCorsHeaders_forAllowedOriginsOnly() {
    server.deploy(app("jwt: {secret: '" + SECRET + "'}\n"));

    HttpResponse<String> preflight = callOn("OPTIONS", "/apps/secure/cors", "Origin", "https://app.example",
        "Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "x-trace");
    HttpResponse<String> foreign = callOn("OPTIONS", "/apps/secure/cors", "Origin", "https://evil.example",
        "Access-Control-Request-Method", "PUT");
    HttpResponse<String> actual = callOn("GET", "/apps/secure/cors", "Origin", "https://app.example");
    HttpResponse<String> actualForeign = callOn("GET", "/apps/secure/cors", "Origin", "https://evil.example");

    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, PUT");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow()).contains("X-Trace");
    assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).hasValue("300");
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
    assertThat(actualForeign.statusCode()).isEqualTo(200);
    assertThat(actualForeign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  private static JWTClaimsSet.Builder claims(Instant now) {
    return new JWTClaimsSet.Builder().subject("ada").issuer("https://issuer.example").audience("photos")
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
  }

  private static String hs256(JWTClaimsSet claims, String secret) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    return jwt.serialize();
  }
}
