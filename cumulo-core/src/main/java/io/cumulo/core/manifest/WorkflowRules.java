package io.cumulo.core.manifest;

import io.cumulo.core.manifest.YamlNode.Entry;
import io.cumulo.core.manifest.YamlNode.Mapping;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schema of a manifest's {@code workflows:}, checked with the validator's helpers. The
 * definitions themselves are checked at deploy by the workflow engine, which knows the language.
 */
final class WorkflowRules {
  private static final List<String> WORKFLOW_KEYS = List.of("definition", "triggers");

  private final ManifestValidator v;

  WorkflowRules(ManifestValidator v) {
    this.v = v;
  }

  Map<String, WorkflowSpec> workflows(Entry entry) {
    var workflows = new LinkedHashMap<String, WorkflowSpec>();
    if (entry == null) {
      return workflows;
    }
    Mapping map = v.mapping(entry.value(), "workflows", "a map of workflows by name");
    if (map == null) {
      return workflows;
    }
    if (map.entries().size() > WorkflowSpec.MAX_WORKFLOWS) {
      v.problem(map, "workflows", "has " + map.entries().size() + " workflows; the most allowed is "
          + WorkflowSpec.MAX_WORKFLOWS);
    }
    for (Entry workflow : map.entries().values()) {
      String path = "workflows." + workflow.key();
      if (!ManifestValues.NAME.matcher(workflow.key()).matches()) {
        v.problem(workflow, path, "'" + workflow.key() + "' is not a valid workflow name; " + ManifestValues.NAME_RULE);
      }
      Mapping spec = v.mapping(workflow.value(), path, "the workflow's settings, e.g. {definition: pipeline.asl.json}");
      if (spec == null) {
        continue;
      }
      for (Entry key : spec.entries().values()) {
        if (!WORKFLOW_KEYS.contains(key.key())) {
          v.unknownKey(key, path, WORKFLOW_KEYS);
        }
      }
      Entry definitionEntry = v.required(spec, null, path, "definition", "the path of its .asl.json file");
      String definition = definitionEntry == null ? null
          : v.text(definitionEntry, path + ".definition", "a path relative to the app folder, e.g. pipeline.asl.json");
      if (definition != null) {
        String wrong = ManifestValues.pathProblem(definition, "workflows/pipeline.asl.json");
        if (wrong != null) {
          v.problem(definitionEntry.value(), path + ".definition", wrong);
          definition = null;
        }
      }
      List<Trigger> triggers = v.triggers(spec.entries().get("triggers"), path + ".triggers");
      if (definition != null) {
        workflows.put(workflow.key(), new WorkflowSpec(workflow.key(), definition, triggers));
      }
    }
    return workflows;
  }
}
