package io.cumulo.search;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The queue in front of one index's writer thread. Callers queue writes and ask for searcher
 * refreshes; one task at a time on the writer executor takes everything queued so far as a
 * {@link Round} and hands it to the index, so writes that arrive together share one fsync (group
 * commit). No file work happens on a caller's thread, whose interrupt would close Lucene's file
 * channels.
 */
final class WriterQueue {

  /** What the index does with a round, on the writer thread; it completes every future given. */
  interface RoundHandler {
    void handle(Round round);
  }

  /** A queued write and the caller's future: true, or for a delete whether the document was there. */
  record Pending(IndexWrite write, CompletableFuture<Boolean> done) {}

  /** The writes queued since the last round, in order, and a refresh to do after them, if asked. */
  record Round(List<Pending> writes, CompletableFuture<Boolean> refresh) {}

  private final String indexName;
  private final Executor writerThreads;
  private final RoundHandler handler;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private CompletableFuture<Boolean> refreshWanted;
  private boolean draining;
  private boolean closed;

  WriterQueue(String indexName, Executor writerThreads, RoundHandler handler) {
    this.indexName = indexName;
    this.writerThreads = writerThreads;
    this.handler = handler;
  }

  /** Queues a write; the future completes once the handler has made it durable. */
  CompletableFuture<Boolean> submit(IndexWrite write) {
    var pending = new Pending(write, new CompletableFuture<>());
    lock.lock();
    try {
      checkOpen();
      queue.add(pending);
      startDraining();
    } finally {
      lock.unlock();
    }
    return pending.done();
  }

  /** Asks for a refresh after the writes queued so far; callers asking together share it. */
  CompletableFuture<Boolean> requestRefresh() {
    lock.lock();
    try {
      checkOpen();
      if (refreshWanted == null) {
        refreshWanted = new CompletableFuture<>();
        startDraining();
      }
      return refreshWanted;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Refuses further work, waits for what is queued, then runs a last step on a writer thread. The
   * caller waits even if interrupted: the step releases the index's files.
   */
  void close(Runnable lastStep) {
    lock.lock();
    try {
      closed = true;
      while (draining) {
        idle.awaitUninterruptibly();
      }
    } finally {
      lock.unlock();
    }
    try {
      CompletableFuture.runAsync(lastStep, writerThreads).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException failure ? failure : e;
    }
  }

  /** Waits for a future of this queue, turning an interrupt and a failure into exceptions. */
  static boolean await(CompletableFuture<Boolean> done) {
    try {
      return done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for a search index write to"
          + " become durable; the write may still be applied");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("search index " + indexName + " is closed");
    }
  }

  private void startDraining() {
    if (!draining) {
      draining = true;
      writerThreads.execute(this::drain);
    }
  }

  /** The writer thread: runs rounds until nothing is asked. */
  private void drain() {
    Round round = null;
    try {
      for (round = nextRound(); round != null; round = nextRound()) {
        handler.handle(round);
      }
    } catch (RuntimeException | Error e) {
      // No caller may wait forever: fail this round (completed futures stay as they are) and
      // what is queued, and let the next write start a fresh writer thread.
      if (round != null) {
        round.writes().forEach(pending -> pending.done().completeExceptionally(e));
        if (round.refresh() != null) {
          round.refresh().completeExceptionally(e);
        }
      }
      lock.lock();
      try {
        queue.forEach(pending -> pending.done().completeExceptionally(e));
        queue.clear();
        if (refreshWanted != null) {
          refreshWanted.completeExceptionally(e);
          refreshWanted = null;
        }
        draining = false;
        idle.signalAll();
      } finally {
        lock.unlock();
      }
      throw e;
    }
  }

  private Round nextRound() {
    lock.lock();
    try {
      if (queue.isEmpty() && refreshWanted == null) {
        draining = false;
        idle.signalAll();
        return null;
      }
      var round = new Round(new ArrayList<>(queue), refreshWanted);
      queue.clear();
      refreshWanted = null;
      return round;
    } finally {
      lock.unlock();
    }
  }
}
