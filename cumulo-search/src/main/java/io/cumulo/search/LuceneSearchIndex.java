package io.cumulo.search;

import io.cumulo.api.search.SearchHit;
import io.cumulo.core.search.SearchIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The embedded {@link SearchIndex}: one Lucene index per app and index name, in
 * {@code <dir>/<app>/<index>/}. An index is opened on first use and kept open. A write returns
 * once it is durable (in the index's write-ahead log, fsynced; concurrent writes to one index
 * share the fsync) and visible to searches. Thread-safe.
 */
public final class LuceneSearchIndex implements SearchIndex {
  private final Path root;
  private final SearchAnalyzer analyzer = new SearchAnalyzer();
  private final UserQuery queries = new UserQuery(analyzer);
  private final ExecutorService writerThreads =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("search-writer-", 0).factory());
  private final Map<IndexName, LuceneIndex> indexes = new ConcurrentHashMap<>();
  /** Calls share the read side; dropping an app and closing take the write side. */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private LuceneSearchIndex(Path root) {
    this.root = root;
  }

  /**
   * Opens the search indexes kept under a directory, creating it if needed. Indexes themselves
   * open on first use, and an index that cannot be opened fails the calls that use it.
   *
   * @param dir the directory holding one subdirectory per app
   */
  public static LuceneSearchIndex open(Path dir) {
    Objects.requireNonNull(dir, "dir");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the search directory " + dir, e);
    }
    return new LuceneSearchIndex(dir);
  }

  @Override
  public void upsert(String app, String index, String id, Map<String, String> fields) {
    SearchLimits.checkApp(app);
    SearchLimits.checkIndex(index);
    SearchLimits.checkId(id);
    SearchLimits.checkFields(fields);
    Lock lock = enter();
    try {
      var name = new IndexName(app, index);
      var upsert = new IndexWrite.Upsert(id, Map.copyOf(fields));
      indexes.computeIfAbsent(name, this::openIndex).upsert(upsert);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean delete(String app, String index, String id) {
    SearchLimits.checkApp(app);
    SearchLimits.checkIndex(index);
    SearchLimits.checkId(id);
    Lock lock = enter();
    try {
      LuceneIndex existing = existing(new IndexName(app, index));
      return existing != null && existing.delete(new IndexWrite.Delete(id));
    } finally {
      lock.unlock();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The query syntax is described on {@link io.cumulo.api.search.SearchClient#search}; text
   * without any word (empty, only punctuation, only exclusions) finds nothing.
   */
  @Override
  public List<SearchHit> search(String app, String index, String query, int limit) {
    SearchLimits.checkApp(app);
    SearchLimits.checkIndex(index);
    Objects.requireNonNull(query, "query");
    SearchLimits.checkLimit(limit);
    Lock lock = enter();
    try {
      LuceneIndex existing = existing(new IndexName(app, index));
      return existing == null ? List.of() : existing.search(queries, query, limit);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void dropApp(String app) {
    SearchLimits.checkApp(app);
    lifecycle.writeLock().lock();
    try {
      checkOpen();
      for (var name : List.copyOf(indexes.keySet())) {
        if (name.app().equals(app)) {
          indexes.remove(name).close();
        }
      }
      deleteTree(root.resolve(app));
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  /** Commits and closes every open index; later calls fail. Calling it again does nothing. */
  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      var failures = new ArrayList<RuntimeException>();
      for (LuceneIndex index : indexes.values()) {
        try {
          index.close();
        } catch (RuntimeException e) {
          failures.add(e);
        }
      }
      indexes.clear();
      writerThreads.close();
      analyzer.close();
      if (!failures.isEmpty()) {
        var first = failures.getFirst();
        failures.subList(1, failures.size()).forEach(first::addSuppressed);
        throw first;
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  private Lock enter() {
    Lock lock = lifecycle.readLock();
    lock.lock();
    try {
      checkOpen();
    } catch (RuntimeException e) {
      lock.unlock();
      throw e;
    }
    return lock;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the search indexes in " + root + " are closed");
    }
  }

  /** The open index, opening it if it is on disk; null if it was never written to. */
  private LuceneIndex existing(IndexName name) {
    LuceneIndex open = indexes.get(name);
    if (open != null || !Files.isDirectory(directoryOf(name))) {
      return open;
    }
    return indexes.computeIfAbsent(name, this::openIndex);
  }

  /**
   * Opens on a writer thread, as writes run there: opening may apply the write log and commit.
   * The caller waits even if interrupted, since an abandoned open would keep the index locked.
   */
  private LuceneIndex openIndex(IndexName name) {
    var opening = CompletableFuture.supplyAsync(
        () -> LuceneIndex.open(directoryOf(name), analyzer, writerThreads), writerThreads);
    try {
      return opening.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException failure ? failure : e;
    }
  }

  private Path directoryOf(IndexName name) {
    return root.resolve(name.app()).resolve(name.index());
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      // Children sort after their parent, so reverse order deletes files before directories.
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("deleting the search indexes in " + dir + " failed", e);
    }
  }

  private record IndexName(String app, String index) {}
}
