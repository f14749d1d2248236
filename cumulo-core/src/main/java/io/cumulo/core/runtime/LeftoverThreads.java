package io.cumulo.core.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the threads a retired function version left running: any live thread with a frame of a
 * class from that version's class loader. Such a thread keeps the loader (and every static it
 * holds) alive and runs code that is no longer deployed, so retiring interrupts it. A thread that
 * ignores interrupts cannot be stopped in a shared JVM; it is logged so the operator can see it.
 */
final class LeftoverThreads {
  private LeftoverThreads() {}

  /** The live threads, other than the caller, running code loaded by the loader named {@code loaderName}. */
  static List<Thread> runningCodeOf(String loaderName) {
    List<Thread> found = new ArrayList<>();
    for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
      if (thread.getKey() == Thread.currentThread()) {
        continue;
      }
      for (StackTraceElement frame : thread.getValue()) {
        if (loaderName.equals(frame.getClassLoaderName())) {
          found.add(thread.getKey());
          break;
        }
      }
    }
    return found;
  }

  /** Interrupts the threads running the loader's code; returns how many there were. */
  static int interrupt(String loaderName) {
    List<Thread> threads = runningCodeOf(loaderName);
    threads.forEach(Thread::interrupt);
    return threads.size();
  }
}
