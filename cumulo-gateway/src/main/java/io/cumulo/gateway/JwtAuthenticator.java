package io.cumulo.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.cumulo.core.CumuloException;
import io.cumulo.core.manifest.JwtConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Checks the bearer tokens of an app's {@code auth: jwt} routes with nimbus-jose-jwt: the
 * signature (HS256 with a shared secret, RS256 with a PEM key, or RS256/ES256 with keys from a JWK
 * set URL), {@code exp} (required) and {@code nbf} with 60 s of clock skew, and {@code iss} and
 * {@code aud} when the manifest names them.
 */
final class JwtAuthenticator {
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  JwtAuthenticator(JwtConfig config) {
    JWKSource<SecurityContext> keys;
    Set<JWSAlgorithm> algorithms;
    try {
      if (config.secret() != null) {
        keys = new ImmutableSecret<>(config.secret().getBytes(StandardCharsets.UTF_8));
        algorithms = Set.of(JWSAlgorithm.HS256);
      } else if (config.publicKey() != null) {
        keys = new ImmutableJWKSet<>(new JWKSet(new RSAKey.Builder(rsaKey(config.publicKey())).build()));
        algorithms = Set.of(JWSAlgorithm.RS256);
      } else {
        keys = JWKSourceBuilder.create(URI.create(config.jwksUrl()).toURL()).retrying(true).build();
        algorithms = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
      }
    } catch (java.io.IOException | java.security.GeneralSecurityException | IllegalArgumentException e) {
      throw new CumuloException(400, "InvalidManifest", "the app's jwt key cannot be used: " + e.getMessage());
    }
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
    JWTClaimsSet exact = config.issuer() == null ? new JWTClaimsSet.Builder().build()
        : new JWTClaimsSet.Builder().issuer(config.issuer()).build();
    processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
        config.audience() == null ? null : Set.of(config.audience()), exact, Set.of("exp"), null));
  }

  private static RSAPublicKey rsaKey(String pem) throws java.security.GeneralSecurityException {
    String base64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
        .replaceAll("\\s", "");
    return (RSAPublicKey) KeyFactory.getInstance("RSA")
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  /**
   * The claims of a valid token from an {@code Authorization} header.
   *
   * @throws CumuloException 401 when the header is missing or the token is invalid, saying why
   *     (expired, bad signature, wrong audience) without echoing the token
   */
  Map<String, Object> authenticate(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw unauthorized("the route needs an Authorization: Bearer <JWT> header");
    }
    try {
      return processor.process(authorization.substring(7).trim(), null).toJSONObject();
    } catch (ParseException e) {
      throw unauthorized("the bearer token is not a JWT");
    } catch (BadJOSEException e) {
      throw unauthorized("the bearer token was refused: " + e.getMessage());
    } catch (JOSEException e) {
      throw unauthorized("the bearer token could not be verified");
    }
  }

  private static CumuloException unauthorized(String message) {
    return new CumuloException(401, "Unauthorized", message);
  }
}
