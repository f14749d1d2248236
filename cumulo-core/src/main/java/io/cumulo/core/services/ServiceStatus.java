package io.cumulo.core.services;

import java.util.List;

/**
 * A service's live figures for the admin API.
 *
 * @param app the app
 * @param service the service's name
 * @param version the app version its replicas run
 * @param replicas one entry per replica, in replica order
 */
public record ServiceStatus(String app, String service, int version, List<Replica> replicas) {
  public ServiceStatus {
    replicas = List.copyOf(replicas);
  }

  /**
   * @param index the replica's number, from 0 (its {@code CUMULO_REPLICA})
   * @param state where it is in its life
   * @param pid the running process's id, or -1 when none runs
   * @param restarts how many times it was started again after exiting or failing
   */
  public record Replica(int index, ReplicaState state, long pid, int restarts) {}
}
