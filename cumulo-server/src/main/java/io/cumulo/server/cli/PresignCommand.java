package io.cumulo.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cumulo.storage.auth.AccessKey;
import io.cumulo.storage.auth.SigV4Presigner;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cumulo presign BUCKET/KEY [--put] [--expires 15m]}: prints a presigned URL that curl or a
 * browser can use without credentials until it expires. Signed locally with the root key (env
 * {@code CUMULO_ROOT_ACCESS_KEY}/{@code CUMULO_ROOT_SECRET_KEY}, else {@code <data>/credentials.json})
 * for the S3 endpoint of {@code <data>/server.json} (or {@code --endpoint}).
 */
@Command(
    name = "presign",
    description = "Prints a presigned S3 URL for GET (or PUT with --put) of BUCKET/KEY.")
final class PresignCommand extends AdminCommand {
  private static final Duration MAX_EXPIRY = Duration.ofDays(7);

  @Mixin DataDirOption dataDir;

  @Parameters(paramLabel = "BUCKET/KEY", description = "The object, e.g. photos-uploads/cat.jpg.")
  String target;

  @Option(names = "--put", description = "Sign an upload (PUT) instead of a download (GET).")
  boolean put;

  @Option(names = "--expires", paramLabel = "DURATION", defaultValue = "15m",
      description = "How long the URL works: e.g. 90s, 15m, 12h, 7d (at most 7d). Default: ${DEFAULT-VALUE}.")
  String expires;

  @Option(names = "--endpoint", paramLabel = "URL",
      description = "The S3 endpoint. Default: the s3Url in <data>/server.json.")
  URI endpoint;

  @Override
  int run() {
    int slash = target.indexOf('/');
    if (slash <= 0 || slash == target.length() - 1) {
      throw usageError("'" + target + "' is not BUCKET/KEY, e.g. photos-uploads/cat.jpg");
    }
    Duration lifetime = parseExpiry(expires);
    Path data = cli().dataDir();
    URI s3 = endpoint != null ? endpoint : s3Endpoint(data);
    AccessKey root = rootKey(cli().env(), data);
    URI url = new SigV4Presigner().presign(put ? "PUT" : "GET", s3, target.substring(0, slash),
        target.substring(slash + 1), lifetime, root, cli().clock().instant());
    out().println(url);
    out().flush();
    return 0;
  }

  private Duration parseExpiry(String text) {
    if (!text.matches("\\d{1,7}[smhd]")) {
      throw usageError("--expires '" + text + "' is not a duration like 90s, 15m, 12h or 7d");
    }
    long amount = Long.parseLong(text.substring(0, text.length() - 1));
    Duration duration = switch (text.charAt(text.length() - 1)) {
      case 's' -> Duration.ofSeconds(amount);
      case 'm' -> Duration.ofMinutes(amount);
      case 'h' -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
    if (duration.isZero() || duration.compareTo(MAX_EXPIRY) > 0) {
      throw usageError("--expires must be between 1s and 7d, not " + text);
    }
    return duration;
  }

  private static URI s3Endpoint(Path data) {
    Path file = data.resolve(ClientConfig.SERVER_FILE);
    JsonNode url = read(file).path("s3Url");
    if (!url.isTextual()) {
      throw new CliException("no running server's S3 endpoint in " + file + "; start one (./cumulo up) or pass --endpoint URL");
    }
    return URI.create(url.asText());
  }

  private static AccessKey rootKey(Map<String, String> env, Path data) {
    String id = env.get("CUMULO_ROOT_ACCESS_KEY");
    String secret = env.get("CUMULO_ROOT_SECRET_KEY");
    if (id != null && secret != null) {
      return new AccessKey(id, secret, null, "root");
    }
    JsonNode root = read(data.resolve("credentials.json")).path("root");
    if (!root.path("accessKeyId").isTextual() || !root.path("secretKey").isTextual()) {
      throw new CliException("no root key in " + data.resolve("credentials.json")
          + "; set CUMULO_ROOT_ACCESS_KEY and CUMULO_ROOT_SECRET_KEY");
    }
    return new AccessKey(root.get("accessKeyId").asText(), root.get("secretKey").asText(), null, "root");
  }

  private static JsonNode read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new CliException("no " + file + "; start the server (./cumulo up) or pass the settings explicitly");
    }
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
