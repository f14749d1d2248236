package io.cumulo.core.state;

import java.time.Instant;

/**
 * An API key of an app, as stored: only the key's SHA-256 is kept, so a stolen database does not
 * give away working keys.
 *
 * @param id the key's public id, shown in listings and passed to functions
 * @param app the app whose {@code auth: apiKey} routes accept it
 * @param name who or what the key is for (free text, may be empty)
 * @param sha256Hex the SHA-256 of the key's text, lower-case hex
 * @param createdAt when it was created
 */
public record ApiKey(String id, String app, String name, String sha256Hex, Instant createdAt) {}
