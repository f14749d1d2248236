package io.cumulo.server.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --data DIR} on a subcommand, so it may follow the subcommand's name as well as precede it.
 * The value goes to the top command, where {@link CumuloCli#dataDir()} reads it.
 *
 * <p>This is a mixin rather than an inherited option because {@code invoke} uses {@code --data} for
 * its input; there the data directory is given before the subcommand or by {@code CUMULO_DATA}.
 */
final class DataDirOption {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "The server's data directory. Default: env CUMULO_DATA, else ./.cumulo-data.")
  void setDataDir(Path dir) {
    // picocli also calls this with the (absent) default when it resets the subcommand; that must
    // not erase a --data given before the subcommand's name.
    if (dir != null) {
      ((CumuloCli) mixee.root().userObject()).dataDirFlag = dir;
    }
  }
}
