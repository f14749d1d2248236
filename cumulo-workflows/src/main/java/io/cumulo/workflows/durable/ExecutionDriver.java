package io.cumulo.workflows.durable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cumulo.core.CumuloException;
import io.cumulo.core.workflows.ExecutionRecord;
import io.cumulo.core.workflows.HistoryEntry;
import io.cumulo.core.workflows.WorkflowStore;
import io.cumulo.workflows.Execution;
import io.cumulo.workflows.HistoryEvent;
import io.cumulo.workflows.Interpreter;
import io.cumulo.workflows.StatesErrors;
import io.cumulo.workflows.Step;
import io.cumulo.workflows.TaskFailure;
import io.cumulo.workflows.TaskInvoker;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one execution on its own virtual thread. It is the only thread that touches the {@link
 * Execution}: task results and stop requests reach it as messages. After every change it saves the
 * execution's state and new history events and waits until they are durable before acting (handing
 * out a task, sleeping, finishing), so a crash at any point resumes from a state whose every effect
 * is either recorded or repeated with the same idempotency key.
 */
final class ExecutionDriver {
  private static final Logger log = LoggerFactory.getLogger(ExecutionDriver.class);

  /** A message to the driver. */
  sealed interface Message {}

  /** A task handed out ended: with {@code output}, or with {@code failure}. */
  record TaskDone(String positionId, JsonNode output, TaskFailure failure) implements Message {}

  /** Stop the execution; {@code done} completes once the stop is saved (or was moot). */
  record Stop(String cause, CompletableFuture<Void> done) implements Message {}

  /** What the driver needs besides its execution; shared by all drivers of a node. */
  record Services(WorkflowStore store, Interpreter interpreter, TaskInvoker tasks, InstantSource clock) {}

  private final Execution execution;
  private final String app;
  private final String workflow;
  private final String definition;
  private final Services services;
  private final Runnable onEnd;
  private final LinkedBlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
  private long sequence;
  private boolean ended;
  private Thread thread;

  /**
   * @param lastSequence the sequence of the last history event stored (0 for a new execution)
   * @param onEnd called on the driver's thread when it stops driving, for whatever reason
   */
  ExecutionDriver(Execution execution, String app, String workflow, String definition, long lastSequence,
      Services services, Runnable onEnd) {
    this.execution = execution;
    this.app = app;
    this.workflow = workflow;
    this.definition = definition;
    this.sequence = lastSequence;
    this.services = services;
    this.onEnd = onEnd;
  }

  /** The stored form of an execution in its current state. */
  static ExecutionRecord record(Execution execution, String app, String workflow, String definition, Instant now) {
    boolean finished = execution.status() != Execution.Status.RUNNING;
    return new ExecutionRecord(execution.id(), app, workflow, execution.status().name(), definition,
        execution.input().toString(), execution.output() == null ? null : execution.output().toString(),
        execution.error(), execution.cause(), execution.startTime(), finished ? now : null,
        execution.toJson().toString());
  }

  String executionId() {
    return execution.id();
  }

  synchronized void start() {
    thread = Thread.ofVirtual().name("cumulo-execution-" + execution.id()).start(this::run);
  }

  /** Interrupts the driver (the node is stopping); the execution resumes from its saved state later. */
  synchronized void interrupt() {
    thread.interrupt();
  }

  synchronized Thread thread() {
    return thread;
  }

  /** Hands a message to the driver; false when it has stopped driving and will never read it. */
  synchronized boolean post(Message message) {
    if (ended) {
      return false;
    }
    inbox.add(message);
    return true;
  }

  private void run() {
    try {
      drive();
    } catch (InterruptedException e) {
      // The node is stopping; everything acted on is saved, so the execution resumes after a restart.
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("execution {} of {}/{} stopped; it resumes from its last saved state at the next start",
          execution.id(), app, workflow, e);
    } finally {
      synchronized (this) {
        ended = true;
      }
      for (Message left : inbox) {
        if (left instanceof Stop stop) {
          stop.done().complete(null);
        }
      }
      onEnd.run();
    }
  }

  private void drive() throws InterruptedException {
    while (true) {
      for (Message message = inbox.poll(); message != null; message = inbox.poll()) {
        handle(message);
      }
      Step step = services.interpreter().step(execution, services.clock().instant());
      save(step.events());
      switch (step) {
        case Step.Advanced advanced -> {}
        case Step.RunTask task -> runTask(task);
        case Step.Idle idle -> {
          Message next = idle.wakeAt() == null ? inbox.take() : inbox.poll(millisUntil(idle.wakeAt()),
              TimeUnit.MILLISECONDS);
          if (next != null) {
            handle(next);
          }
        }
        case Step.Succeeded succeeded -> {
          return;
        }
        case Step.Failed failed -> {
          return;
        }
      }
    }
  }

  private long millisUntil(Instant wakeAt) {
    return Math.max(0, Duration.between(services.clock().instant(), wakeAt).toMillis() + 1);
  }

  private void handle(Message message) throws InterruptedException {
    Instant now = services.clock().instant();
    switch (message) {
      case TaskDone done -> {
        List<HistoryEvent> events;
        try {
          events = done.failure() == null
              ? services.interpreter().completeTask(execution, done.positionId(), done.output(), now)
              : services.interpreter().failTask(execution, done.positionId(), done.failure().error(),
                  done.failure().errorCause(), now);
        } catch (IllegalStateException stale) {
          // The execution was stopped while the task ran: its result no longer matters.
          return;
        }
        save(events);
      }
      case Stop stop -> {
        try {
          save(services.interpreter().abort(execution, "Stopped", stop.cause(), now));
        } finally {
          stop.done().complete(null);
        }
      }
    }
  }

  private void runTask(Step.RunTask task) {
    Thread.ofVirtual().name("cumulo-task-" + task.idempotencyKey()).start(() -> {
      TaskDone done;
      try {
        JsonNode output = services.tasks().invoke(task.resource(), task.input(), task.idempotencyKey(),
            task.timeout());
        done = new TaskDone(task.positionId(), output, null);
      } catch (TaskFailure failure) {
        done = new TaskDone(task.positionId(), null, failure);
      } catch (RuntimeException e) {
        done = new TaskDone(task.positionId(), null, new TaskFailure(StatesErrors.TASK_FAILED, e.toString()));
      }
      post(done);
    });
  }

  /** Saves the execution with {@code events} and waits until that is durable; nothing to do without events. */
  private void save(List<HistoryEvent> events) throws InterruptedException {
    if (events.isEmpty()) {
      return;
    }
    List<HistoryEntry> entries = new ArrayList<>(events.size());
    for (HistoryEvent event : events) {
      entries.add(entry(++sequence, event));
    }
    try {
      services.store().save(record(execution, app, workflow, definition, services.clock().instant()), entries)
          .get();
    } catch (ExecutionException e) {
      throw new CumuloException(503, "WorkflowStoreFailed", "execution " + execution.id()
          + " could not be saved: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** A history event as stored: the type in Step Functions' spelling, the strand inside the detail. */
  static HistoryEntry entry(long sequence, HistoryEvent event) {
    JsonNode detail = event.detail();
    if (!event.position().isEmpty() && detail instanceof ObjectNode object) {
      ObjectNode withPosition = object.deepCopy();
      withPosition.put("position", event.position());
      detail = withPosition;
    }
    return new HistoryEntry(sequence, typeName(event.type()), event.state(), detail.toString(), event.time());
  }

  private static String typeName(HistoryEvent.Type type) {
    StringBuilder name = new StringBuilder();
    for (String word : type.name().split("_")) {
      name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
    }
    return name.toString();
  }
}
