package io.cumulo.server.cli;

import io.cumulo.server.ServerConfig;
import picocli.CommandLine.Option;

/** Where a server started by {@code cumulo server} or {@code cumulo up} listens. */
final class ListenOptions {
  @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + ServerConfig.DEFAULT_PORT,
      description = "The HTTP port (admin API, metrics). 0 picks a free one. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--s3-port", paramLabel = "PORT", defaultValue = "" + ServerConfig.DEFAULT_S3_PORT,
      description = "The S3 API's port. 0 picks a free one. Default: ${DEFAULT-VALUE}.")
  int s3Port;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = ServerConfig.DEFAULT_HOST,
      description = "The address to listen on. Default: ${DEFAULT-VALUE} (this machine only).")
  String host;
}
