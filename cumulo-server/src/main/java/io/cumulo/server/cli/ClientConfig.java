package io.cumulo.server.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the command line finds the server and how it authenticates, resolved once per command.
 *
 * <ul>
 *   <li>server URL: {@code --server}, else env {@code CUMULO_URL}, else the {@code url} field of
 *       {@code <data>/server.json} (written by a running server), else {@link #DEFAULT_SERVER_URL}
 *   <li>data directory: {@code --data}, else env {@code CUMULO_DATA}, else {@link
 *       #DEFAULT_DATA_DIR} (relative to the current directory)
 *   <li>admin token: env {@code CUMULO_TOKEN}, else the file {@code <data>/admin.token}, else none
 * </ul>
 *
 * @param serverUrl the server's base URL, without a trailing '/'
 * @param dataDir the server's data directory
 * @param token the admin API's bearer token, if one was found
 */
record ClientConfig(URI serverUrl, Path dataDir, Optional<String> token) {
  static final URI DEFAULT_SERVER_URL = URI.create("http://127.0.0.1:8080");
  static final Path DEFAULT_DATA_DIR = Path.of(".cumulo-data");
  static final String SERVER_FILE = "server.json";
  static final String TOKEN_FILE = "admin.token";

  /**
   * Resolves the configuration in the order documented on this class.
   *
   * @param serverFlag the {@code --server} value, or null
   * @param dataFlag the {@code --data} value, or null
   * @param env the process environment (injected so tests need no real variables)
   */
  static ClientConfig resolve(String serverFlag, Path dataFlag, Map<String, String> env) {
    Path dataDir = dataDir(dataFlag, env);
    URI serverUrl = serverUrl(serverFlag, dataDir, env);
    return new ClientConfig(serverUrl, dataDir, token(dataDir, env));
  }

  /** The data directory from {@code --data}, env {@code CUMULO_DATA} or the default. */
  static Path dataDir(Path dataFlag, Map<String, String> env) {
    if (dataFlag != null) {
      return dataFlag;
    }
    return nonBlank(env.get("CUMULO_DATA")).map(Path::of).orElse(DEFAULT_DATA_DIR);
  }

  private static URI serverUrl(String serverFlag, Path dataDir, Map<String, String> env) {
    if (serverFlag != null) {
      return parseUrl(serverFlag, "--server");
    }
    Optional<String> fromEnv = nonBlank(env.get("CUMULO_URL"));
    if (fromEnv.isPresent()) {
      return parseUrl(fromEnv.get(), "CUMULO_URL");
    }
    Path serverFile = dataDir.resolve(SERVER_FILE);
    if (Files.isRegularFile(serverFile)) {
      return parseUrl(urlFromServerFile(serverFile), serverFile.toString());
    }
    return DEFAULT_SERVER_URL;
  }

  private static String urlFromServerFile(Path file) {
    try {
      JsonNode url = new ObjectMapper().readTree(file.toFile()).path("url");
      if (!url.isTextual()) {
        throw new CliException(file + " has no \"url\" field; delete it or pass --server URL");
      }
      return url.asText();
    } catch (JacksonException e) {
      throw new CliException(
          file
              + " is not valid JSON ("
              + e.getOriginalMessage()
              + "); delete it or pass --server URL");
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage());
    }
  }

  private static Optional<String> token(Path dataDir, Map<String, String> env) {
    Optional<String> fromEnv = nonBlank(env.get("CUMULO_TOKEN"));
    if (fromEnv.isPresent()) {
      return fromEnv.map(String::strip);
    }
    Path tokenFile = dataDir.resolve(TOKEN_FILE);
    try {
      return nonBlank(Files.readString(tokenFile, StandardCharsets.UTF_8)).map(String::strip);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CliException("cannot read the admin token " + tokenFile + ": " + e.getMessage());
    }
  }

  /** Accepts {@code http(s)://host[:port][/prefix]}; drops a trailing '/'. */
  static URI parseUrl(String text, String source) {
    String trimmed = text.strip();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    try {
      URI uri = new URI(trimmed);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null
          || uri.getQuery() != null
          || uri.getFragment() != null) {
        throw new URISyntaxException(text, "expected http(s)://host[:port]");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new CliException(
          "the server URL '"
              + text
              + "' from "
              + source
              + " is not valid; expected http(s)://host[:port], e.g. "
              + DEFAULT_SERVER_URL);
    }
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }
}
