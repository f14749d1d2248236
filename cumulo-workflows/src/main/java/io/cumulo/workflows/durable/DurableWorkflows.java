package io.cumulo.workflows.durable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cumulo.core.CumuloException;
import io.cumulo.core.deploy.AppListener;
import io.cumulo.core.manifest.AppManifest;
import io.cumulo.core.manifest.WorkflowSpec;
import io.cumulo.core.runtime.EventTarget;
import io.cumulo.core.runtime.FunctionRuntime;
import io.cumulo.core.workflows.ExecutionRecord;
import io.cumulo.core.workflows.HistoryEntry;
import io.cumulo.core.workflows.WorkflowStore;
import io.cumulo.core.workflows.Workflows;
import io.cumulo.workflows.Execution;
import io.cumulo.workflows.Interpreter;
import io.cumulo.workflows.StateMachine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the workflows of deployed apps durably, one driver per execution on a virtual thread (see
 * {@link ExecutionDriver}). As an {@link AppListener} it validates every workflow definition at
 * deploy, keeps the deployed state machines and registers each workflow with the function runtime
 * as the target of its triggers. A running execution keeps the definition it started with, so a
 * redeploy never changes it. Call {@link #resumeAll()} once at start, after the apps are restored.
 */
public final class DurableWorkflows implements AppListener, Workflows, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DurableWorkflows.class);
  private static final Set<String> STATUSES = Set.of(ExecutionRecord.RUNNING, ExecutionRecord.SUCCEEDED,
      ExecutionRecord.FAILED, ExecutionRecord.ABORTED);
  private static final int MAX_LIST = 1_000;
  private static final long STOP_TIMEOUT_SECONDS = 30;

  private final WorkflowStore store;
  private final FunctionRuntime runtime;
  private final InstantSource clock;
  private final WorkflowLimits limits;
  private final ObjectMapper mapper = new ObjectMapper();
  private final DefinitionCheck definitions;
  private final ExecutionDriver.Services services;
  /** The deployed state machines, by app, then by workflow name. */
  private final ConcurrentHashMap<String, Map<String, StateMachine>> apps = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ExecutionDriver> drivers = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param random the source for retry jitter and States.UUID (seed it in tests)
   */
  public DurableWorkflows(WorkflowStore store, FunctionRuntime runtime, InstantSource clock, WorkflowLimits limits,
      RandomGenerator random) {
    this.store = Objects.requireNonNull(store, "store");
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.definitions = new DefinitionCheck(runtime);
    this.services = new ExecutionDriver.Services(store, new Interpreter(random),
        new FunctionTasks(runtime, clock, mapper), clock);
  }

  @Override
  public void check(AppManifest manifest, Path bundleDir) {
    definitions.check(manifest, bundleDir);
  }

  @Override
  public void deployed(AppManifest manifest, int version, Path bundleDir) {
    Map<String, StateMachine> machines;
    try {
      machines = definitions.check(manifest, bundleDir);
    } catch (CumuloException e) {
      // Only at restore: the check at deploy passed, but a function of another app it calls is gone.
      log.error("the workflows of {} v{} cannot start new executions: {}", manifest.name(), version,
          e.getMessage());
      machines = Map.of();
    }
    apps.put(manifest.name(), Map.copyOf(machines));
    Map<String, EventTarget> targets = new LinkedHashMap<>();
    for (WorkflowSpec spec : manifest.workflows().values()) {
      if (machines.containsKey(spec.name()) && !spec.triggers().isEmpty()) {
        targets.put(WorkflowTarget.name(manifest.name(), spec.name()),
            new WorkflowTarget(this, manifest.name(), spec.name(), spec.triggers()));
      }
    }
    runtime.replaceTargets(manifest.name(), targets);
  }

  @Override
  public void undeployed(String app) {
    apps.remove(app);
    runtime.replaceTargets(app, Map.of());
  }

  /**
   * Resumes every execution the store has as running, from its saved state and definition: Waits
   * keep their deadlines, and tasks handed out but never reported are handed out again with the
   * same idempotency key. Call once at start, before triggers deliver.
   */
  public void resumeAll() {
    int resumed = 0;
    for (ExecutionRecord record : store.running()) {
      try {
        StateMachine machine = StateMachine.parse(record.definition());
        Execution execution = Execution.recover(machine, mapper.readTree(record.state()));
        launch(new ExecutionDriver(execution, record.app(), record.workflow(), record.definition(),
            lastSequence(record.id()), services, () -> drivers.remove(record.id())));
        resumed++;
      } catch (RuntimeException | JsonProcessingException e) {
        log.error("execution {} of {}/{} cannot be resumed: {}", record.id(), record.app(), record.workflow(),
            e.getMessage());
      }
    }
    if (resumed > 0) {
      log.info("resumed {} workflow execution(s)", resumed);
    }
  }

  private long lastSequence(String id) {
    long last = 0;
    while (true) {
      List<HistoryEntry> page = store.history(id, last, MAX_LIST);
      if (page.isEmpty()) {
        return last;
      }
      last = page.getLast().sequence();
    }
  }

  @Override
  public ExecutionRecord start(String app, String workflow, String name, String inputJson) {
    if (name != null && !name.matches("[A-Za-z0-9_.-]{1,80}")) {
      throw CumuloException.badRequest("InvalidName", "an execution name is 1 to 80 letters, digits, '_', '.'"
          + " and '-', not \"" + name + "\"");
    }
    String id = name == null
        ? UUID.randomUUID().toString()
        : derivedId("named/" + app + "/" + workflow + "/" + name);
    ExecutionRecord started = start(app, workflow, id, name, inputJson);
    if (name != null && !sameJson(started.input(), inputJson)) {
      throw new CumuloException(409, "ExecutionExists", "an execution named " + name + " of " + app + "/"
          + workflow + " exists already with a different input");
    }
    return started;
  }

  /** Starts the execution for a trigger's event, or finds the one an earlier delivery of it started. */
  void startForEvent(String app, String workflow, String eventId, String payload) {
    start(app, workflow, derivedId("event/" + app + "/" + workflow + "/" + eventId), "event-" + eventId, payload);
  }

  private ExecutionRecord start(String app, String workflow, String id, String name, String inputJson) {
    StateMachine machine = apps.getOrDefault(app, Map.of()).get(workflow);
    if (machine == null) {
      throw CumuloException.notFound("WorkflowNotFound", "no workflow " + app + "/" + workflow + " is deployed");
    }
    JsonNode input = parseInput(inputJson);
    if (closed) {
      throw CumuloException.unavailable("ShuttingDown", "the server is stopping; start the execution again later");
    }
    if (drivers.size() >= limits.maxRunningExecutions()) {
      throw new CumuloException(429, "TooManyExecutions", "this node runs " + limits.maxRunningExecutions()
          + " executions already, its limit; start it again once some have finished");
    }
    Execution execution = Execution.start(machine, id, name, input, clock.instant());
    ExecutionRecord record = ExecutionDriver.record(execution, app, workflow, machine.source(), clock.instant());
    try {
      store.create(record, List.of()).get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IllegalArgumentException) {
        return store.get(id).orElseThrow(); // started before: the same name, or the same event again
      }
      throw CumuloException.unavailable("WorkflowStoreFailed", "the execution could not be stored: "
          + e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw CumuloException.unavailable("WorkflowStoreFailed", "the workflow store did not confirm in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CumuloException.unavailable("Interrupted", "interrupted while storing the execution");
    }
    launch(new ExecutionDriver(execution, app, workflow, machine.source(), 0, services, () -> drivers.remove(id)));
    return record;
  }

  private void launch(ExecutionDriver driver) {
    drivers.put(driver.executionId(), driver);
    driver.start();
  }

  private JsonNode parseInput(String inputJson) {
    String text = inputJson == null || inputJson.isBlank() ? "{}" : inputJson;
    if (text.getBytes(StandardCharsets.UTF_8).length > limits.maxInputBytes()) {
      throw CumuloException.badRequest("InvalidInput", "the input is larger than " + limits.maxInputBytes()
          + " bytes");
    }
    try {
      JsonNode input = mapper.readTree(text);
      if (input == null || input.isMissingNode()) {
        throw CumuloException.badRequest("InvalidInput", "the input is empty; send JSON, e.g. {}");
      }
      return input;
    } catch (JsonProcessingException e) {
      throw CumuloException.badRequest("InvalidInput", "the input is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private boolean sameJson(String a, String b) {
    try {
      return mapper.readTree(a).equals(parseInput(b));
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  private static String derivedId(String source) {
    return UUID.nameUUIDFromBytes(source.getBytes(StandardCharsets.UTF_8)).toString();
  }

  @Override
  public ExecutionRecord describe(String id) {
    return store.get(id).orElseThrow(() -> CumuloException.notFound("ExecutionNotFound", "no execution " + id));
  }

  @Override
  public List<ExecutionRecord> list(String app, String workflow, String status, int limit) {
    if (status != null && !STATUSES.contains(status)) {
      throw CumuloException.badRequest("InvalidStatus", "status is one of " + STATUSES + ", not " + status);
    }
    if (limit < 1 || limit > MAX_LIST) {
      throw CumuloException.badRequest("InvalidLimit", "limit is 1 to " + MAX_LIST + ", not " + limit);
    }
    return store.list(app, workflow, status, limit);
  }

  @Override
  public List<HistoryEntry> history(String id, long afterSequence, int limit) {
    describe(id);
    if (limit < 1 || limit > MAX_LIST) {
      throw CumuloException.badRequest("InvalidLimit", "limit is 1 to " + MAX_LIST + ", not " + limit);
    }
    return store.history(id, afterSequence, limit);
  }

  @Override
  public ExecutionRecord stop(String id, String cause) {
    ExecutionRecord record = describe(id);
    ExecutionDriver driver = drivers.get(id);
    if (record.finished() || driver == null) {
      if (!record.finished()) {
        throw CumuloException.unavailable("ExecutionNotRunning", "execution " + id
            + " is not running on this node; it resumes at the next start");
      }
      return record;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (driver.post(new ExecutionDriver.Stop(cause == null ? "" : cause, done))) {
      try {
        done.get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw CumuloException.unavailable("Interrupted", "interrupted while stopping " + id);
      } catch (ExecutionException | TimeoutException e) {
        throw CumuloException.unavailable("StopFailed", "execution " + id + " did not confirm the stop");
      }
    }
    return describe(id);
  }

  /** How many executions run on this node now. */
  public int runningExecutions() {
    return drivers.size();
  }

  /**
   * Stops driving: executions stay running in the store and resume at the next start. Tasks still
   * running are not waited for; their results are handed out again then.
   */
  @Override
  public void close() {
    closed = true;
    List<ExecutionDriver> all = List.copyOf(drivers.values());
    all.forEach(ExecutionDriver::interrupt);
    for (ExecutionDriver driver : all) {
      try {
        driver.thread().join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
