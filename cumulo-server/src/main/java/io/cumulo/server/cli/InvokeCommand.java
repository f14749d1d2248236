package io.cumulo.server.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cumulo invoke APP/FN}: calls a function and prints its result, or queues the call.
 *
 * <p>{@code --data} here is the input; the data directory is given before the subcommand ({@code
 * cumulo --data DIR invoke ...}) or by {@code CUMULO_DATA}.
 */
@Command(
    name = "invoke",
    description = {
      "Invokes a function and prints its result JSON, or with --async queues the invocation and"
          + " prints its id.",
      "To choose the data directory, put --data DIR before 'invoke' or set CUMULO_DATA."
    })
final class InvokeCommand extends AdminCommand {
  private static final ObjectReader STRICT_JSON =
      AdminClient.JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @Parameters(
      paramLabel = "APP/FN",
      converter = FunctionRef.Converter.class,
      description = "The function, e.g. hello/echo.")
  FunctionRef function;

  @Option(
      names = {"-d", "--data"},
      paramLabel = "JSON|@FILE",
      defaultValue = "{}",
      description =
          "The input: JSON text, @FILE to read a file, or @- for standard input. Default: {}.")
  String input;

  @Option(names = "--async", description = "Queue the invocation and print only its id.")
  boolean async;

  @Override
  int run() {
    byte[] body = readInput();
    AdminClient.Invocation invocation;
    try (AdminClient admin = cli().adminClient()) {
      invocation = admin.invoke(function, body, async);
    } catch (AdminApiException e) {
      if (e.code().isEmpty()) {
        throw e;
      }
      throw new CliException(function + " failed (" + e.code().get() + "): " + e.getMessage(), e);
    }
    if (async) {
      out().println(invocation.id());
    } else {
      String result = new String(invocation.body(), StandardCharsets.UTF_8);
      out().print(result.endsWith("\n") ? result : result + "\n");
    }
    out().flush();
    return 0;
  }

  /** The input bytes, checked to be one JSON value so a typo fails here rather than remotely. */
  private byte[] readInput() {
    byte[] bytes;
    String source;
    if (input.startsWith("@")) {
      source = input.equals("@-") ? "standard input" : input.substring(1);
      bytes = input.equals("@-") ? readStdin() : readFile(Path.of(input.substring(1)));
    } else {
      source = "--data";
      bytes = input.getBytes(StandardCharsets.UTF_8);
    }
    try {
      STRICT_JSON.readTree(bytes);
    } catch (JacksonException e) {
      throw usageError(
          "the input from " + source + " is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalStateException("reading a byte array cannot fail", e);
    }
    return bytes;
  }

  private byte[] readStdin() {
    InputStream stdin = cli().stdin();
    try {
      return stdin.readAllBytes();
    } catch (IOException e) {
      throw new CliException("cannot read standard input: " + e.getMessage(), e);
    }
  }

  private byte[] readFile(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw usageError("no such input file: " + file);
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
