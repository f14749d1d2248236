package io.cumulo.core.services;

/** Where a service replica is in its life. */
public enum ReplicaState {
  /** The process runs but has not yet answered its health check. */
  STARTING,
  /** The process answers its health check and takes traffic. */
  HEALTHY,
  /** A health check failed; the replica gets no traffic until one passes again. */
  UNHEALTHY,
  /** The process exited or was stopped after failing, and waits out its backoff to start again. */
  RESTARTING,
  /** The replica was stopped for good (undeploy, redeploy or shutdown). */
  STOPPED;

  /** The name the admin API and the CLI show. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
