package io.cumulo.search;

import io.cumulo.api.search.SearchHit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.IOUtils;

/**
 * One app's search index: a Lucene directory with its writer and near-real-time searcher.
 *
 * <p>Writes run on a writer thread, never on the caller's: a function past its deadline is
 * interrupted, and an interrupt during file I/O closes Lucene's file channels and with them the
 * writer. The writer thread takes every write queued since its last commit, applies them and
 * commits once (group commit: one fsync for all concurrent writers), refreshes the searcher, and
 * only then releases the callers, so a write that returned is both durable and visible.
 */
final class LuceneIndex {
  private final Path path;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final Executor writerThreads;
  private final ReentrantLock queueLock = new ReentrantLock();
  private final Condition idle = queueLock.newCondition();
  private final ArrayDeque<Write> queue = new ArrayDeque<>();
  private boolean draining;
  private boolean closed;

  private LuceneIndex(Path path, Directory directory, IndexWriter writer, SearcherManager searchers,
      Executor writerThreads) {
    this.path = path;
    this.directory = directory;
    this.writer = writer;
    this.searchers = searchers;
    this.writerThreads = writerThreads;
  }

  /**
   * Opens or creates the index at a path.
   *
   * @throws UncheckedIOException naming the path when the index is corrupt, locked by another
   *     process or cannot be read
   */
  static LuceneIndex open(Path path, SearchAnalyzer analyzer, Executor writerThreads) {
    Directory directory = null;
    IndexWriter writer = null;
    try {
      Files.createDirectories(path);
      directory = FSDirectory.open(path);
      writer = new IndexWriter(directory, new IndexWriterConfig(analyzer)
          .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
      // Opening the first reader reads every segment, so a damaged file is found here, at open.
      var searchers = new SearcherManager(writer, null);
      return new LuceneIndex(path, directory, writer, searchers, writerThreads);
    } catch (IOException | RuntimeException e) {
      IOUtils.closeWhileHandlingException(writer, directory);
      String problem = e instanceof LockObtainFailedException
          ? "is in use by another process" : "cannot be opened (corrupt or unreadable)";
      throw new UncheckedIOException(new IOException("search index " + path + " " + problem
          + ": " + e.getMessage() + "; restore the directory from a backup, or delete it and"
          + " index the documents again", e));
    }
  }

  /** Adds or replaces a document; returns once it is committed and searchable. */
  void upsert(String id, Map<String, String> fields) {
    await(submit(new Upsert(SearchDocuments.idTerm(id), SearchDocuments.toLucene(id, fields))));
  }

  /** Removes a document; returns once that is committed, and whether it was there. */
  boolean delete(String id) {
    return await(submit(new Delete(SearchDocuments.idTerm(id))));
  }

  /** The best matches of a user's query, at most {@code limit}. */
  List<SearchHit> search(UserQuery queries, String text, int limit) {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        var userFields = FieldInfos.getIndexedFields(searcher.getIndexReader()).stream()
            .filter(SearchDocuments::isUserField).toList();
        Query query = queries.translate(text, userFields);
        if (query == null) {
          return List.of();
        }
        var stored = searcher.storedFields();
        var hits = new ArrayList<SearchHit>();
        for (ScoreDoc found : searcher.search(query, limit).scoreDocs) {
          hits.add(SearchDocuments.toHit(stored.document(found.doc), found.score));
        }
        return hits;
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("searching " + path + " failed", e);
    }
  }

  /** Waits for queued writes, then commits and closes the index. */
  void close() {
    queueLock.lock();
    try {
      closed = true;
      while (draining) {
        idle.awaitUninterruptibly();
      }
    } finally {
      queueLock.unlock();
    }
    try {
      IOUtils.close(searchers, writer, directory);
    } catch (IOException e) {
      throw new UncheckedIOException("closing search index " + path + " failed", e);
    }
  }

  private CompletableFuture<Boolean> submit(Write write) {
    queueLock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("search index " + path + " is closed");
      }
      queue.add(write);
      if (!draining) {
        draining = true;
        writerThreads.execute(this::drain);
      }
    } finally {
      queueLock.unlock();
    }
    return write.done();
  }

  private static boolean await(CompletableFuture<Boolean> done) {
    try {
      return done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for a search index write to"
          + " commit; the write may still be applied");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The writer thread: writes batches until the queue is empty. */
  private void drain() {
    try {
      for (var batch = nextBatch(); batch != null; batch = nextBatch()) {
        writeBatch(batch);
      }
    } catch (Error e) {
      // No caller may wait forever: fail what is queued and let the next write start afresh.
      queueLock.lock();
      try {
        queue.forEach(write -> write.done().completeExceptionally(e));
        queue.clear();
        draining = false;
        idle.signalAll();
      } finally {
        queueLock.unlock();
      }
      throw e;
    }
  }

  private List<Write> nextBatch() {
    queueLock.lock();
    try {
      if (queue.isEmpty()) {
        draining = false;
        idle.signalAll();
        return null;
      }
      var batch = new ArrayList<>(queue);
      queue.clear();
      return batch;
    } finally {
      queueLock.unlock();
    }
  }

  private void writeBatch(List<Write> batch) {
    var applied = new ArrayList<Write>(batch.size());
    var results = new ArrayList<Boolean>(batch.size());
    try {
      for (Write write : batch) {
        try {
          results.add(apply(write));
          applied.add(write);
        } catch (IOException | RuntimeException e) {
          write.done().completeExceptionally(failure("writing to", e));
        }
      }
      try {
        writer.commit();
        searchers.maybeRefreshBlocking();
      } catch (IOException | RuntimeException e) {
        applied.forEach(write -> write.done().completeExceptionally(failure("committing", e)));
        return;
      }
      for (int i = 0; i < applied.size(); i++) {
        applied.get(i).done().complete(results.get(i));
      }
    } catch (Error e) {
      batch.forEach(write -> write.done().completeExceptionally(e));
      throw e;
    }
  }

  private boolean apply(Write write) throws IOException {
    return switch (write) {
      case Upsert upsert -> {
        writer.updateDocument(upsert.id(), upsert.document());
        yield true;
      }
      case Delete delete -> {
        // Whether the document is there, counting this batch's writes not yet committed.
        searchers.maybeRefreshBlocking();
        IndexSearcher searcher = searchers.acquire();
        boolean present;
        try {
          present = searcher.count(new TermQuery(delete.id())) > 0;
        } finally {
          searchers.release(searcher);
        }
        if (present) {
          writer.deleteDocuments(delete.id());
        }
        yield present;
      }
    };
  }

  private UncheckedIOException failure(String action, Exception cause) {
    var io = cause instanceof IOException e ? e : new IOException(cause);
    return new UncheckedIOException(action + " search index " + path + " failed: "
        + cause.getMessage(), io);
  }

  private sealed interface Write permits Upsert, Delete {
    CompletableFuture<Boolean> done();
  }

  private record Upsert(Term id, List<IndexableField> document, CompletableFuture<Boolean> done)
      implements Write {
    Upsert(Term id, List<IndexableField> document) {
      this(id, document, new CompletableFuture<>());
    }
  }

  private record Delete(Term id, CompletableFuture<Boolean> done) implements Write {
    Delete(Term id) {
      this(id, new CompletableFuture<>());
    }
  }
}
