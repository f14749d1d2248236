package io.cumulo.workflows.durable;

import io.cumulo.core.CumuloException;
import io.cumulo.core.manifest.AppManifest;
import io.cumulo.core.manifest.WorkflowSpec;
import io.cumulo.core.runtime.FunctionRuntime;
import io.cumulo.workflows.DefinitionException;
import io.cumulo.workflows.StateMachine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and validates an app's workflow definitions from its bundle, so a deploy with a bad one is
 * refused before anything changes: the definition must parse, and every Task must name a function
 * of the app itself or of an app already deployed.
 */
final class DefinitionCheck {
  private final FunctionRuntime runtime;

  DefinitionCheck(FunctionRuntime runtime) {
    this.runtime = runtime;
  }

  /**
   * The app's state machines by workflow name.
   *
   * @throws CumuloException 400 listing every problem, each prefixed with {@code workflows.NAME}
   */
  Map<String, StateMachine> check(AppManifest manifest, Path bundleDir) {
    Map<String, StateMachine> machines = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (WorkflowSpec spec : manifest.workflows().values()) {
      String where = "workflows." + spec.name() + " (" + spec.definition() + ")";
      StateMachine machine = parse(bundleDir, spec, where, problems);
      if (machine == null) {
        continue;
      }
      for (StateMachine.TaskResource task : machine.taskResources()) {
        String function = task.resource().substring(FunctionTasks.RESOURCE_PREFIX.length());
        String app = function.substring(0, function.indexOf('/'));
        String name = function.substring(function.indexOf('/') + 1);
        boolean known = app.equals(manifest.name())
            ? manifest.functions().containsKey(name)
            : runtime.exists(function);
        if (!known) {
          problems.add(where + ": state \"" + task.state() + "\": Resource \"" + task.resource() + "\" names "
              + (app.equals(manifest.name())
                  ? "no function of this app; its functions are " + manifest.functions().keySet()
                  : "no deployed function; deploy " + app + " first"));
        }
      }
      machines.put(spec.name(), machine);
    }
    if (!problems.isEmpty()) {
      throw CumuloException.badRequest("InvalidDefinition", String.join("\n", problems));
    }
    return machines;
  }

  private static StateMachine parse(Path bundleDir, WorkflowSpec spec, String where, List<String> problems) {
    Path file = bundleDir.resolve(spec.definition()).normalize();
    if (!file.startsWith(bundleDir.normalize()) || !Files.isRegularFile(file)) {
      problems.add(where + ": the definition file is not in the bundle");
      return null;
    }
    try {
      return StateMachine.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (DefinitionException e) {
      e.problems().forEach(problem -> problems.add(where + ": " + problem));
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
