package io.cumulo.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** What the commands that talk to the admin API share: the top command, output and usage errors. */
abstract class AdminCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Does the command's work; returns its exit code. */
  abstract int run();

  @Override
  public final Integer call() {
    return run();
  }

  CumuloCli cli() {
    return (CumuloCli) spec.root().userObject();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** A usage error (exit 2) about this command's arguments. */
  ParameterException usageError(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  void printJson(JsonNode node) {
    try {
      out().println(AdminClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed tree always serialises", e);
    }
    out().flush();
  }
}
