package io.cumulo.gateway;

import io.cumulo.core.CumuloException;
import io.cumulo.core.state.ApiKey;
import io.cumulo.core.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * An app's API keys: created with 256 random bits, shown once, stored as their SHA-256 and checked
 * by hash, so neither the database nor a timing difference in a string comparison gives one away.
 */
final class ApiKeys {
  /** Every key starts with this, so a leaked one is easy to recognise in logs and scanners. */
  static final String PREFIX = "ck_";
  static final int MAX_NAME_CHARS = 200;

  private final StateStore state;
  private final InstantSource clock;
  private final SecureRandom random = new SecureRandom();

  ApiKeys(StateStore state, InstantSource clock) {
    this.state = state;
    this.clock = clock;
  }

  /** A new key and its text, which is not stored and cannot be shown again. */
  record Created(ApiKey key, String secret) {}

  Created create(String app, String name) {
    if (name.length() > MAX_NAME_CHARS || name.chars().anyMatch(Character::isISOControl)) {
      throw new CumuloException(400, "InvalidArgument", "a key's name is at most " + MAX_NAME_CHARS
          + " characters without control characters");
    }
    byte[] bits = new byte[32];
    random.nextBytes(bits);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    byte[] id = new byte[6];
    random.nextBytes(id);
    ApiKey key = new ApiKey("key-" + HexFormat.of().formatHex(id), app, name, sha256(secret), clock.instant());
    state.saveApiKey(key);
    return new Created(key, secret);
  }

  List<ApiKey> list(String app) {
    return state.apiKeys(app);
  }

  boolean revoke(String app, String id) {
    return state.deleteApiKey(app, id);
  }

  /**
   * The key of {@code app} whose text the client sent.
   *
   * @throws CumuloException 401 when no key was sent, 403 when it is not a live key of this app
   */
  ApiKey authenticate(String app, String sent) {
    if (sent == null || sent.isBlank()) {
      throw new CumuloException(401, "Unauthorized", "the route needs an API key in the x-api-key header");
    }
    return state.apiKeyByHash(sha256(sent.strip()))
        .filter(key -> key.app().equals(app))
        .orElseThrow(() -> new CumuloException(403, "Forbidden",
            "the API key is not valid for app " + app + " (unknown or revoked)"));
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
