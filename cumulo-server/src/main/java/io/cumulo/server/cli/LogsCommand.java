package io.cumulo.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cumulo logs APP/FN}: prints a function's log lines, and with {@code -f} keeps printing.
 */
@Command(
    name = "logs",
    description = "Prints a function's log lines: time, invocation id, level, message.")
final class LogsCommand extends AdminCommand {
  private static final Pattern RELATIVE = Pattern.compile("(\\d{1,9})([smhd])");

  @Mixin DataDirOption dataDir;

  @Parameters(
      paramLabel = "APP/FN",
      converter = FunctionRef.Converter.class,
      description = "The function, e.g. hello/echo.")
  FunctionRef function;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing new lines until interrupted (Ctrl-C).")
  boolean follow;

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      description =
          "Only lines from this time on: a duration back from now (30s, 10m, 1h, 2d) or an"
              + " instant (2026-11-22T10:00:00Z). Default: the server's.")
  String since;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "At most N lines. Default: the server's.")
  Integer limit;

  @Override
  int run() {
    if (limit != null && limit < 1) {
      throw usageError("--limit must be at least 1, got " + limit);
    }
    Instant from = since == null ? null : parseSince(since, cli().clock().instant());
    PrintWriter out = out();
    try (AdminClient admin = cli().adminClient()) {
      admin.logs(
          function,
          from,
          limit,
          follow,
          line -> {
            out.println(format(line));
            out.flush();
          });
    }
    return 0;
  }

  /** {@code 2026-11-22T10:00:00.123Z <invocationId> INFO message}; absent fields print as '-'. */
  static String format(JsonNode line) {
    return line.path("time").asText("-")
        + " "
        + line.path("invocationId").asText("-")
        + " "
        + line.path("level").asText("-")
        + " "
        + line.path("message").asText("");
  }

  /** A duration back from {@code now} ({@code 10m}) or an ISO-8601 instant. */
  Instant parseSince(String text, Instant now) {
    Matcher relative = RELATIVE.matcher(text);
    if (relative.matches()) {
      long amount = Long.parseLong(relative.group(1));
      Duration back =
          switch (relative.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          };
      return now.minus(back);
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw usageError(
          "--since takes a duration such as 30s, 10m, 1h, 2d or an instant such as"
              + " 2026-11-22T10:00:00Z, got '"
              + text
              + "'");
    }
  }
}
