package io.cumulo.server.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;

/** One in-process run of the command line, with what it printed. */
record CliRun(int exitCode, String out, String err) {
  static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  static CliRun run(Map<String, String> env, String... args) {
    return runWithStdin(env, "", args);
  }

  static CliRun runWithStdin(Map<String, String> env, String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CumuloCli cli =
        new CumuloCli(env, InstantSource.fixed(NOW), new ByteArrayInputStream(stdin.getBytes()));
    int code =
        CumuloCli.commandLine(cli)
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** The single line printed to stderr, failing if there were more. */
  String errLine() {
    if (err.lines().count() != 1) {
      throw new AssertionError("expected one line on stderr, got:\n" + err);
    }
    return err.strip();
  }
}
