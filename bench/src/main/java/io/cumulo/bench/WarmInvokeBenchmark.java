package io.cumulo.bench;

import io.cumulo.core.runtime.FunctionRuntime;
import io.cumulo.core.runtime.InvocationRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The platform's own cost of a warm, in-process, synchronous invocation: a handler that returns its
 * input (raw JSON bytes), so what is measured is instance lease, the handler's own virtual thread,
 * deadline wait, metering and the invocation record. {@code direct} is the peer: the same handler
 * called as a plain method.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class WarmInvokeBenchmark {
  private static final byte[] INPUT = "{}".getBytes(StandardCharsets.UTF_8);

  private BenchPlatform platform;
  private FunctionRuntime runtime;
  private final io.cumulo.testing.functions.Noop direct = new io.cumulo.testing.functions.Noop();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    platform = new BenchPlatform();
    platform.deploy("bench", 1, "noop", "Noop", "    concurrency: 64\n    maxInstances: 4\n");
    runtime = platform.runtime;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    platform.close();
  }

  @Benchmark
  @BenchmarkMode({Mode.SampleTime})
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public byte[] invoke() {
    return runtime.invoke("bench/noop", INPUT,
        new InvocationRequest("bench", 1, null)).output();
  }

  /** Throughput with four callers on this 2-core machine (callers block while handlers run). */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(4)
  public byte[] invokeThroughput() {
    return invoke();
  }

  @Benchmark
  @BenchmarkMode({Mode.SampleTime})
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public byte[] direct() {
    return direct.handle(INPUT, null);
  }
}
