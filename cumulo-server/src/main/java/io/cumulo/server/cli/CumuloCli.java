package io.cumulo.server.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code cumulo} command line. Build it with {@link #commandLine(CumuloCli)}, which installs
 * the error handlers that turn every failure into one {@code cumulo: <message>} line on stderr and
 * exit code 1 (2 for usage errors).
 */
@Command(
    name = "cumulo",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    versionProvider = CumuloCli.Version.class,
    description = "Runs a Cumulo server and manages its apps: deploy, invoke, logs, dead letters.",
    // Subcommands are listed here, one class each; nested ones (dlq ls) on their parent class.
    subcommands = {
      UpCommand.class,
      ServerCommand.class,
      DeployCommand.class,
      InvokeCommand.class,
      LogsCommand.class,
      ListCommand.class,
      DlqCommand.class,
      KeysCommand.class,
      InvocationCommand.class,
      PresignCommand.class,
      WorkflowCommand.class,
    })
public final class CumuloCli implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--server",
      paramLabel = "URL",
      scope = ScopeType.INHERIT,
      description =
          "The server's URL. Default: env CUMULO_URL, else the url in <data>/server.json,"
              + " else http://127.0.0.1:8080.")
  String serverFlag;

  /** Set by this option on the top command, and by {@link DataDirOption} on subcommands. */
  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "The server's data directory. Default: env CUMULO_DATA, else ./.cumulo-data.")
  Path dataDirFlag;

  private final Map<String, String> env;
  private final InstantSource clock;
  private final InputStream stdin;

  /** A command line reading the real environment, clock and standard input. */
  public CumuloCli() {
    this(System.getenv(), InstantSource.system(), System.in);
  }

  /**
   * A command line with its surroundings injected, for tests.
   *
   * @param env the environment variables it reads ({@code CUMULO_URL}, {@code CUMULO_DATA}, {@code
   *     CUMULO_TOKEN}, {@code CUMULO_DEBUG})
   * @param clock the time that relative times such as {@code --since 10m} count back from
   * @param stdin what {@code --data @-} reads
   */
  public CumuloCli(Map<String, String> env, InstantSource clock, InputStream stdin) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.stdin = Objects.requireNonNull(stdin, "stdin");
  }

  public static void main(String[] args) {
    System.exit(commandLine(new CumuloCli()).execute(args));
  }

  /** A picocli command line for {@code cli}, with Cumulo's one-line error reporting installed. */
  public static CommandLine commandLine(CumuloCli cli) {
    ErrorReporter errors = new ErrorReporter("1".equals(cli.env.get("CUMULO_DEBUG")));
    return new CommandLine(cli)
        // @FILE is an input file of invoke --data and workflow start --input, not a picocli argument file.
        .setExpandAtFiles(false)
        .setExecutionExceptionHandler(errors)
        .setParameterExceptionHandler(errors);
  }

  /** Without a subcommand there is nothing to do: a usage error naming the commands. */
  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(),
        "missing a command: one of " + String.join(", ", spec.subcommands().keySet()));
  }

  /**
   * The data directory: {@code --data} (anywhere on the line), env {@code CUMULO_DATA} or default.
   */
  public Path dataDir() {
    return ClientConfig.dataDir(dataDirFlag, env);
  }

  /** The server URL, data directory and token, resolved as {@link ClientConfig} documents. */
  ClientConfig clientConfig() {
    return ClientConfig.resolve(serverFlag, dataDirFlag, env);
  }

  /** A client of the admin API configured by {@link #clientConfig()}; close it after use. */
  AdminClient adminClient() {
    return new AdminClient(clientConfig());
  }

  /** The environment variables this command line reads. */
  public Map<String, String> env() {
    return env;
  }

  InstantSource clock() {
    return clock;
  }

  InputStream stdin() {
    return stdin;
  }

  /** The version of the jar, from its manifest; {@code dev} when run from classes. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = CumuloCli.class.getPackage().getImplementationVersion();
      return new String[] {"cumulo " + (version == null ? "dev" : version)};
    }
  }
}
