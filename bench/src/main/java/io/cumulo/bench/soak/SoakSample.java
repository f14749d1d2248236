package io.cumulo.bench.soak;

/**
 * One sampling window of the soak.
 *
 * @param elapsedSeconds seconds since the soak phase began, at the end of the window
 * @param heapAfterGcMib heap in use after the latest collection
 * @param heapUsedMib heap in use at the sample
 * @param threads live platform threads
 * @param fileDescriptors open file descriptors
 * @param requests requests answered (or failed) in the window
 * @param requestsPerSecond successful requests per second in the window
 * @param errors failed requests (non-200 or I/O error) in the window
 * @param p50Millis median latency in the window
 * @param p99Millis 99th percentile latency in the window
 * @param loadAverage the machine's 1-minute load average at the sample
 */
public record SoakSample(double elapsedSeconds, double heapAfterGcMib, double heapUsedMib, int threads,
    int fileDescriptors, long requests, double requestsPerSecond, long errors, double p50Millis,
    double p99Millis, double loadAverage) {

  static final String CSV_HEADER = "elapsed_s,heap_after_gc_mib,heap_used_mib,threads,fds,requests,"
      + "req_per_s,errors,p50_ms,p99_ms,load1";

  String csv() {
    return String.format(java.util.Locale.ROOT, "%.1f,%.2f,%.2f,%d,%d,%d,%.1f,%d,%.3f,%.3f,%.2f",
        elapsedSeconds, heapAfterGcMib, heapUsedMib, threads, fileDescriptors, requests,
        requestsPerSecond, errors, p50Millis, p99Millis, loadAverage);
  }
}
