package io.cumulo.core.manifest;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One long-running service of an app: replicas run as separate OS processes, are health-checked
 * over HTTP and restarted when they exit or stop answering, and the gateway load-balances requests
 * over the healthy ones. Defaults and bounds are stated once, below.
 *
 * @param name the service's name within its app (same rules as app names)
 * @param main the Java main class to run, with {@code code}; null when {@code command} is given
 * @param code where {@code main}'s classes are; null when {@code command} is given
 * @param command the program and its arguments, run in the app folder; empty when {@code main} is
 *     given
 * @param replicas how many processes run at once, {@value #DEFAULT_REPLICAS} by default, 1..{@value
 *     #MAX_REPLICAS}
 * @param env environment of each replica, besides {@code PORT}, {@code CUMULO_APP},
 *     {@code CUMULO_SERVICE}, {@code CUMULO_REPLICA} and {@code CUMULO_DATA_DIR} (the service's
 *     own persistent folder, shared by its replicas)
 * @param health the HTTP path that answers 2xx when a replica is ready, default {@value
 *     #DEFAULT_HEALTH}
 * @param startTimeout how long a new replica may take to become healthy, default 30s
 * @param stopTimeout how long a stopping replica gets for in-flight requests and for exiting after
 *     SIGTERM before it is killed, default 10s
 * @param requestTimeout how long the gateway waits for a proxied request's response headers before
 *     it answers 504, default 30s
 */
public record ServiceSpec(
    String name,
    String main,
    CodeSource code,
    List<String> command,
    int replicas,
    Map<String, String> env,
    String health,
    Duration startTimeout,
    Duration stopTimeout,
    Duration requestTimeout) {
  public static final int DEFAULT_REPLICAS = 1;
  public static final int MAX_REPLICAS = 16;
  public static final String DEFAULT_HEALTH = "/healthz";
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
  public static final Duration MAX_START_TIMEOUT = Duration.ofMinutes(10);
  public static final Duration MAX_STOP_TIMEOUT = Duration.ofMinutes(5);
  public static final Duration MAX_REQUEST_TIMEOUT = Duration.ofMinutes(15);
  public static final int MAX_SERVICES = 50;

  public ServiceSpec {
    command = List.copyOf(command);
    env = Map.copyOf(env);
  }
}
