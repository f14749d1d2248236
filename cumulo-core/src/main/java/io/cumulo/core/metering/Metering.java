package io.cumulo.core.metering;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The platform's meters, exposed at {@code /metrics} in the Prometheus text format. Per-function
 * meters are created once and cached, so the invocation hot path only increments.
 */
public final class Metering {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ConcurrentHashMap<String, FunctionMeters> functions = new ConcurrentHashMap<>();

  /** The registry, for other parts to add their own meters. */
  public MeterRegistry registry() {
    return registry;
  }

  /** The current values in the Prometheus text exposition format. */
  public String scrape() {
    return registry.scrape();
  }

  /** The meters of one function ({@code app/fn}); totals survive redeploys, not restarts. */
  public FunctionMeters function(String name) {
    return functions.computeIfAbsent(name, n -> new FunctionMeters(registry, n));
  }

  /** Registers a gauge sampled from {@code source} at scrape time. */
  public <T> void gauge(String name, String description, Tags tags, T source, ToDoubleFunction<T> value) {
    io.micrometer.core.instrument.Gauge.builder(name, source, value)
        .description(description).tags(tags).strongReference(false).register(registry);
  }

  /** Counters and the duration histogram of one function. */
  public static final class FunctionMeters {
    private final Counter succeeded;
    private final Counter failed;
    private final Counter coldStarts;
    private final Counter billedGbSeconds;
    private final Timer duration;

    private FunctionMeters(MeterRegistry registry, String function) {
      Tags tags = Tags.of("function", function);
      succeeded = Counter.builder("cumulo_invocations").description("Invocations by outcome")
          .tags(tags).tag("outcome", "succeeded").register(registry);
      failed = Counter.builder("cumulo_invocations").description("Invocations by outcome")
          .tags(tags).tag("outcome", "failed").register(registry);
      coldStarts = Counter.builder("cumulo_cold_starts").description("Invocations that created their instance")
          .tags(tags).register(registry);
      billedGbSeconds = Counter.builder("cumulo_billed_gb_seconds")
          .description("Memory (GB) times duration rounded up to the millisecond: what pay-per-use bills")
          .tags(tags).register(registry);
      duration = Timer.builder("cumulo_invocation_duration").description("Handler run time")
          .tags(tags).publishPercentileHistogram().register(registry);
    }

    /** Records one finished invocation. */
    public void record(boolean success, boolean coldStart, long durationMicros, long billedMbMs) {
      (success ? succeeded : failed).increment();
      if (coldStart) {
        coldStarts.increment();
      }
      billedGbSeconds.increment(billedMbMs / 1024.0 / 1000.0);
      duration.record(durationMicros, TimeUnit.MICROSECONDS);
    }

    public long invocations() {
      return (long) (succeeded.count() + failed.count());
    }

    public long errors() {
      return (long) failed.count();
    }

    public long coldStarts() {
      return (long) coldStarts.count();
    }

    public double billedGbSeconds() {
      return billedGbSeconds.count();
    }
  }
}
