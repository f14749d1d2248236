package io.cumulo.gateway;

import io.cumulo.core.services.ReplicaState;
import io.cumulo.core.services.ServiceStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code services} of each app in {@code GET /admin/v1/apps}. */
final class ServiceStatusJson {
  private ServiceStatusJson() {}

  /** app -> its services, each with its replicas' state, pid and restart count. */
  static Map<String, List<Map<String, Object>>> byApp(List<ServiceStatus> status) {
    Map<String, List<Map<String, Object>>> byApp = new LinkedHashMap<>();
    for (ServiceStatus s : status) {
      List<Map<String, Object>> replicas = new ArrayList<>();
      int healthy = 0;
      int restarts = 0;
      for (ServiceStatus.Replica r : s.replicas()) {
        Map<String, Object> replica = new LinkedHashMap<>();
        replica.put("index", r.index());
        replica.put("state", r.state().label());
        replica.put("pid", r.pid() < 0 ? null : r.pid());
        replica.put("restarts", r.restarts());
        replicas.add(replica);
        healthy += r.state() == ReplicaState.HEALTHY ? 1 : 0;
        restarts += r.restarts();
      }
      Map<String, Object> service = new LinkedHashMap<>();
      service.put("name", s.service());
      service.put("qualifiedName", s.app() + "/" + s.service());
      service.put("version", s.version());
      service.put("replicas", replicas);
      service.put("healthy", healthy);
      service.put("restarts", restarts);
      byApp.computeIfAbsent(s.app(), a -> new ArrayList<>()).add(service);
    }
    return byApp;
  }
}
