package io.cumulo.core.manifest;

import static io.cumulo.core.manifest.ServiceSpec.*;

import io.cumulo.core.manifest.YamlNode.Entry;
import io.cumulo.core.manifest.YamlNode.Mapping;
import io.cumulo.core.manifest.YamlNode.Scalar;
import io.cumulo.core.manifest.YamlNode.Sequence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The schema of the top-level {@code services:} map, checked with the validator's helpers. */
final class ServiceRules {
  private static final List<String> SERVICE_KEYS = List.of("main", "jar", "classes", "command",
      "replicas", "env", "health", "startTimeout", "stopTimeout", "requestTimeout");
  private static final int MAX_COMMAND_ARGS = 256;

  private final ManifestValidator v;

  ServiceRules(ManifestValidator validator) {
    this.v = validator;
  }

  /** The services by name in manifest order; empty when the entry is absent. */
  Map<String, ServiceSpec> services(Entry entry, java.util.Set<String> functionNames) {
    var services = new LinkedHashMap<String, ServiceSpec>();
    if (entry == null) {
      return services;
    }
    Mapping map = v.mapping(entry.value(), "services", "a map of services by name");
    if (map == null) {
      return services;
    }
    if (map.entries().size() > MAX_SERVICES) {
      v.problem(map, "services", "has " + map.entries().size() + " services; the most allowed is "
          + MAX_SERVICES);
    }
    for (Entry service : map.entries().values()) {
      String path = "services." + service.key();
      if (functionNames.contains(service.key())) {
        v.problem(service, path, "'" + service.key() + "' is also a function's name; a function and"
            + " a service share the log stream and the name APP/NAME, so give them different names");
      }
      services.put(service.key(), service(service, path));
    }
    return services;
  }

  private ServiceSpec service(Entry service, String path) {
    if (!ManifestValues.NAME.matcher(service.key()).matches()) {
      v.problem(service, path, "'" + service.key() + "' is not a valid service name; "
          + ManifestValues.NAME_RULE);
    }
    Mapping spec = v.mapping(service.value(), path, "the service's settings (main and jar, or command)");
    if (spec == null) {
      return null;
    }
    for (Entry entry : spec.entries().values()) {
      if (!SERVICE_KEYS.contains(entry.key())) {
        v.unknownKey(entry, path, SERVICE_KEYS);
      }
    }
    Entry main = spec.entries().get("main");
    Entry command = spec.entries().get("command");
    String mainClass = null;
    CodeSource code = null;
    List<String> arguments = List.of();
    if (main != null && command != null) {
      Entry second = main.line() > command.line() ? main : command;
      v.problem(second, path + "." + second.key(), "give either main (with jar: or classes:) or"
          + " command, not both");
    } else if (main == null && command == null) {
      v.problem(service, path, "says nowhere what to run; add main: (a Java main class, with jar:"
          + " or classes:) or command: (a list such as [./bin/server, --port, 8080])");
    } else if (main != null) {
      mainClass = v.text(main, path + ".main", "the main class, e.g. com.example.Catalog");
      if (mainClass != null && !ManifestValues.isBinaryClassName(mainClass)) {
        v.problem(main.value(), path + ".main", "'" + mainClass + "' is not a Java class name; write"
            + " the fully qualified name, e.g. com.example.Catalog");
        mainClass = null;
      }
      code = v.code(spec, service, path);
    } else {
      arguments = command(command, path + ".command");
      for (String key : List.of("jar", "classes")) {
        Entry stray = spec.entries().get(key);
        if (stray != null) {
          v.problem(stray, path + "." + key, key + " only goes with main:, not with command:");
        }
      }
    }
    Entry health = spec.entries().get("health");
    String healthPath = DEFAULT_HEALTH;
    if (health != null) {
      String text = v.text(health, path + ".health", "an HTTP path, e.g. /healthz");
      if (text != null && (!text.startsWith("/") || text.chars().anyMatch(c -> c <= ' ' || c == 127))) {
        v.problem(health.value(), path + ".health", "'" + text + "' is not an HTTP path; write one"
            + " starting with '/' and without spaces, e.g. /healthz");
      } else if (text != null) {
        healthPath = text;
      }
    }
    return new ServiceSpec(service.key(), mainClass, code, arguments,
        v.integer(spec.entries().get("replicas"), path, 1, MAX_REPLICAS, "", DEFAULT_REPLICAS),
        v.env(spec.entries().get("env"), path + ".env"),
        healthPath,
        v.duration(spec.entries().get("startTimeout"), path, MIN_TIMEOUT, MAX_START_TIMEOUT,
            DEFAULT_START_TIMEOUT),
        v.duration(spec.entries().get("stopTimeout"), path, MIN_TIMEOUT, MAX_STOP_TIMEOUT,
            DEFAULT_STOP_TIMEOUT),
        v.duration(spec.entries().get("requestTimeout"), path, MIN_TIMEOUT, MAX_REQUEST_TIMEOUT,
            DEFAULT_REQUEST_TIMEOUT));
  }

  private List<String> command(Entry entry, String path) {
    var arguments = new ArrayList<String>();
    if (!(entry.value() instanceof Sequence list) || list.items().isEmpty()) {
      v.typeProblem(entry.value(), path, "a non-empty list of strings, e.g. [./bin/server, --verbose]");
      return arguments;
    }
    if (list.items().size() > MAX_COMMAND_ARGS) {
      v.problem(list, path, "has " + list.items().size() + " items; the most allowed is "
          + MAX_COMMAND_ARGS);
    }
    for (int i = 0; i < list.items().size(); i++) {
      YamlNode item = list.items().get(i);
      if (item instanceof Scalar scalar && scalar.kind() != Scalar.Kind.NULL
          && scalar.kind() != Scalar.Kind.ALIAS) {
        arguments.add(scalar.text());
      } else {
        v.typeProblem(item, path + "[" + i + "]", "text");
      }
    }
    if (!arguments.isEmpty() && arguments.getFirst().isBlank()) {
      v.problem(list.items().getFirst(), path + "[0]", "the program to run is empty");
    }
    return arguments;
  }
}
