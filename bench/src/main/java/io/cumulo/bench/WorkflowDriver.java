package io.cumulo.bench;

import io.cumulo.core.state.SqliteWorkflowStore;
import io.cumulo.core.workflows.ExecutionRecord;
import io.cumulo.core.workflows.HistoryEntry;
import io.cumulo.core.workflows.WorkflowStore;
import io.cumulo.workflows.durable.DurableWorkflows;
import io.cumulo.workflows.durable.WorkflowLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Durable workflow figures, with the embedded SQLite workflow store and the function runtime wired
 * as the server wires them (no HTTP):
 *
 * <ul>
 *   <li>transitions/s: {@code executions} concurrent executions of a chain of {@code chainLength}
 *       Pass states; a transition is one interpreter step saved (state and history, durable) before
 *       the next, so many executions in flight share each group commit
 *   <li>start-to-first-task: from calling start (the execution is stored) to the first Task's
 *       function running, one execution at a time
 * </ul>
 *
 * Usage: {@code WorkflowDriver [executions=5000] [chainLength=20] [latencySamples=1000]}.
 */
public final class WorkflowDriver {
  private WorkflowDriver() {}

  /** Counts what reaches the store, so the figure is saves, not an estimate. */
  private record CountingStore(WorkflowStore store, AtomicLong saves) implements WorkflowStore {
    @Override
    public CompletableFuture<Void> create(ExecutionRecord execution, List<HistoryEntry> history) {
      return store.create(execution, history);
    }

    @Override
    public CompletableFuture<Void> save(ExecutionRecord execution, List<HistoryEntry> history) {
      saves.incrementAndGet();
      return store.save(execution, history);
    }

    @Override
    public Optional<ExecutionRecord> get(String id) {
      return store.get(id);
    }

    @Override
    public List<ExecutionRecord> list(String app, String workflow, String status, int limit) {
      return store.list(app, workflow, status, limit);
    }

    @Override
    public List<ExecutionRecord> running() {
      return store.running();
    }

    @Override
    public List<HistoryEntry> history(String id, long afterSequence, int limit) {
      return store.history(id, afterSequence, limit);
    }
  }

  public static void main(String[] args) throws Exception {
    int executions = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    int chainLength = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int latencySamples = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
    try (BenchPlatform platform = new BenchPlatform();
        SqliteWorkflowStore sqlite = SqliteWorkflowStore.open(platform.dir.resolve("workflows.db"))) {
      AtomicLong saves = new AtomicLong();
      DurableWorkflows workflows = new DurableWorkflows(new CountingStore(sqlite, saves), platform.runtime,
          InstantSource.system(), new WorkflowLimits(executions + 100, WorkflowLimits.DEFAULT_MAX_INPUT_BYTES),
          new SplittableRandom(1));
      BenchPlatform.Bundle bundle = platform.prepare("bench", 1, "probe", "LatencyProbe",
          "    maxInstances: 4\nworkflows:\n  chain:\n    definition: chain.asl.json\n"
              + "  probe:\n    definition: probe.asl.json\n");
      Files.writeString(bundle.dir().resolve("chain.asl.json"), chain(chainLength));
      Files.writeString(bundle.dir().resolve("probe.asl.json"), """
          {"StartAt": "Probe", "States": {"Probe": {"Type": "Task", "Resource": "cumulo:function:bench/probe",
            "Parameters": {"sentNanos.$": "$.sentNanos"}, "End": true}}}""");
      workflows.check(bundle.manifest(), bundle.dir());
      platform.activate(bundle);
      workflows.deployed(bundle.manifest(), 1, bundle.dir());

      transitions(workflows, saves, executions, chainLength);
      latency(platform, workflows, latencySamples);
      workflows.close();
    }
  }

  private static String chain(int length) {
    StringBuilder states = new StringBuilder();
    for (int i = 0; i < length; i++) {
      states.append(i == 0 ? "" : ",").append("\"S").append(i).append("\": {\"Type\": \"Pass\", ")
          .append("\"Result\": {\"step\": ").append(i).append("}, \"ResultPath\": \"$.last\", ")
          .append(i == length - 1 ? "\"End\": true}" : "\"Next\": \"S" + (i + 1) + "\"}");
    }
    return "{\"StartAt\": \"S0\", \"States\": {" + states + "}}";
  }

  private static void transitions(DurableWorkflows workflows, AtomicLong saves, int executions, int chainLength)
      throws InterruptedException {
    long start = System.nanoTime();
    long cpuStart = processCpuNanos();
    try (ExecutorService starters = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < executions; i++) {
        int n = i;
        starters.submit(() -> workflows.start("bench", "chain", null, "{\"n\": " + n + "}"));
      }
    }
    while (workflows.runningExecutions() > 0) {
      Thread.sleep(1);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuMicros = (processCpuNanos() - cpuStart) / 1e3;
    System.out.printf("Pass chains: %d executions x %d states in %.2f s: %,d durable transitions"
            + " (%,.0f/s), %,.0f states/s, %.1f us of process CPU per transition%n", executions, chainLength,
        seconds, saves.get(), saves.get() / seconds, (double) executions * chainLength / seconds,
        cpuMicros / saves.get());
  }

  /** CPU time of this process (all threads), which other load on the machine does not inflate. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static void latency(BenchPlatform platform, DurableWorkflows workflows, int samples) throws Exception {
    List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<CountDownLatch> done = new AtomicReference<>();
    try (AutoCloseable follow = platform.logs.follow("bench/probe", line -> {
      nanos.add(Long.parseLong(line.message().substring("latencyNanos=".length())));
      done.get().countDown();
    })) {
      for (int i = 0; i < samples; i++) {
        done.set(new CountDownLatch(1));
        workflows.start("bench", "probe", null, "{\"sentNanos\": " + System.nanoTime() + "}");
        done.get().await();
      }
    }
    List<Long> sorted = new ArrayList<>(nanos.subList(Math.min(100, nanos.size() / 10), nanos.size()));
    Collections.sort(sorted);
    System.out.printf("start-to-first-task: n=%d  p50=%.3f ms  p90=%.3f ms  p99=%.3f ms%n", sorted.size(),
        ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99));
  }

  private static double ms(List<Long> sorted, double quantile) {
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(quantile * sorted.size()))) / 1e6;
  }
}
