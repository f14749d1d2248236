package io.cumulo.core.events;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.Semaphore;

/**
 * The child process of {@link FileEventLogCrashTest}: appends events as fast as it can, keeping
 * a window of appends in flight, and prints {@code ACK <id>} once an append is durable. It never
 * stops on its own; the test kills it.
 */
public final class CrashingAppender {

  private CrashingAppender() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    Semaphore window = new Semaphore(256);
    FileEventLog log = FileEventLog.open(Path.of(args[0]), FileEventLogConfig.defaults(),
        InstantSource.system());
    for (long n = 0; ; n++) {
      String id = "crash-" + n;
      window.acquire();
      log.append(TestEvents.event(id)).whenComplete((ok, failure) -> {
        if (failure == null) {
          synchronized (out) {
            out.println("ACK " + id);
            out.flush();
          }
        }
        window.release();
      });
    }
  }
}
