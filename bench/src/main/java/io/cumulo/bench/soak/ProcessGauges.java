package io.cumulo.bench.soak;

import com.sun.management.GcInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What a leak would show in this JVM: heap after the latest collection, heap in use now, live
 * platform threads and open file descriptors.
 */
final class ProcessGauges {
  private static final double MIB = 1024.0 * 1024.0;

  private ProcessGauges() {}

  /**
   * Heap in use right after the most recent collection of any collector, in MiB: the live set
   * plus what young collections have promoted, so it climbs with a leak and not with allocation.
   * Falls back to heap used now before the first collection.
   */
  static double heapAfterGcMib() {
    GcInfo latest = null;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof com.sun.management.GarbageCollectorMXBean sun) {
        GcInfo info = sun.getLastGcInfo();
        if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
          latest = info;
        }
      }
    }
    if (latest == null) {
      return heapUsedMib();
    }
    long used = 0;
    for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage after = latest.getMemoryUsageAfterGc().get(pool.getName());
      if (after != null && pool.getType() == java.lang.management.MemoryType.HEAP) {
        used += after.getUsed();
      }
    }
    return used / MIB;
  }

  static double heapUsedMib() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / MIB;
  }

  /** Live platform threads (virtual threads are not counted by the JVM, and are not a leak risk). */
  static int threads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  /** Entries of {@code /proc/self/fd}: files, sockets, pipes and event descriptors held open. */
  static int openFileDescriptors() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return (int) fds.count();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list /proc/self/fd (Linux only)", e);
    }
  }

  /** The 1-minute load average of the machine, to read latencies against. */
  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
