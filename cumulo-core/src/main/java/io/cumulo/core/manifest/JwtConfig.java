package io.cumulo.core.manifest;

/**
 * An app's {@code jwt:} settings, which its {@code auth: jwt} routes check tokens against. Exactly
 * one key source is set.
 *
 * @param secret the HS256 shared secret (at least 32 bytes), or null
 * @param jwksUrl where the RS256/ES256 public keys are published (a JWK set), or null
 * @param publicKey an RS256 public key in PEM, or null
 * @param issuer the required {@code iss} claim, or null to accept any
 * @param audience the required {@code aud} value, or null to accept any
 */
public record JwtConfig(String secret, String jwksUrl, String publicKey, String issuer, String audience) {}
