package io.cumulo.search;

import io.cumulo.api.search.SearchHit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.IOUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One app's search index: a Lucene directory with its writer, near-real-time searcher and
 * {@link WriteLog}.
 *
 * <p>Writes run on a writer thread ({@link WriterQueue}), never on the caller's. Each round logs
 * the writes queued since the last one with one fsync and applies them to Lucene before it
 * releases the callers. A search that follows writes asks the writer thread to refresh the
 * searcher first (a refresh writes a segment, so it too stays off the caller's thread): a write
 * that returned is durable and visible to every search that starts after it, and writes in a
 * burst share one refresh.
 */
final class LuceneIndex {
  private static final Logger log = LoggerFactory.getLogger(LuceneIndex.class);
  /** Log size past which Lucene commits and the log starts afresh; bounds replay at open. */
  static final long CHECKPOINT_LOG_BYTES = 8L * 1024 * 1024;

  private final Path path;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final WriteLog writeLog;
  private final WriterQueue queue;
  /** Whether Lucene holds writes the searcher does not show yet. Written by the writer thread. */
  private volatile boolean searcherBehind;

  private LuceneIndex(Path path, Directory directory, IndexWriter writer, SearcherManager searchers,
      WriteLog writeLog, Executor writerThreads) {
    this.path = path;
    this.directory = directory;
    this.writer = writer;
    this.searchers = searchers;
    this.writeLog = writeLog;
    this.queue = new WriterQueue(path.toString(), writerThreads, this::handle);
  }

  /**
   * Opens or creates the index at a path and applies what its write log holds. Call it on a
   * writer thread: it writes files.
   *
   * @throws UncheckedIOException naming the path when the index is corrupt, locked by another
   *     process or cannot be read
   */
  static LuceneIndex open(Path path, SearchAnalyzer analyzer, Executor writerThreads) {
    Directory directory = null;
    IndexWriter writer = null;
    WriteLog writeLog = null;
    try {
      boolean created = !Files.isDirectory(path);
      Files.createDirectories(path);
      directory = FSDirectory.open(path);
      writer = new IndexWriter(directory, new IndexWriterConfig(analyzer)
          .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
      writeLog = WriteLog.open(path);
      if (created) {
        // The new directories and the log's name must survive a crash, not only their contents.
        IOUtils.fsync(path, true);
        IOUtils.fsync(path.getParent(), true);
        IOUtils.fsync(path.getParent().getParent(), true);
      }
      var unapplied = writeLog.readAll();
      for (IndexWrite write : unapplied) {
        applyBlindly(writer, write);
      }
      if (!unapplied.isEmpty()) {
        writer.commit();
        writeLog.clear();
      }
      // Opening the first reader reads every segment, so a damaged file is found here, at open.
      var searchers = new SearcherManager(writer, null);
      return new LuceneIndex(path, directory, writer, searchers, writeLog, writerThreads);
    } catch (IOException | RuntimeException e) {
      // Roll back rather than close: closing would commit, and this index is not to be trusted.
      IndexWriter failed = writer;
      IOUtils.closeWhileHandlingException(writeLog, failed == null ? null : failed::rollback,
          directory);
      String problem = e instanceof LockObtainFailedException
          ? " is in use by another process: " + e.getMessage() + "; stop the other server that"
              + " uses this data directory"
          : " cannot be opened (corrupt or unreadable): " + e.getMessage() + "; restore the"
              + " directory from a backup, or delete it and index the documents again";
      var cause = e instanceof IOException io ? io : new IOException(e);
      throw new UncheckedIOException("search index " + path + problem, cause);
    }
  }

  /** Adds or replaces a document; returns once it is durable and searchable. */
  void upsert(IndexWrite.Upsert upsert) {
    WriterQueue.await(queue.submit(upsert));
  }

  /** Removes a document; returns once that is durable, and whether it was there. */
  boolean delete(IndexWrite.Delete delete) {
    return WriterQueue.await(queue.submit(delete));
  }

  /** The best matches of a user's query, at most {@code limit}. */
  List<SearchHit> search(UserQuery queries, String text, int limit) {
    if (searcherBehind) {
      WriterQueue.await(queue.requestRefresh());
    }
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

  /** Waits for queued writes, then commits, empties the log and closes. */
  void close() {
    queue.close(this::commitAndRelease);
  }

  private void commitAndRelease() {
    try {
      writer.commit();
      writeLog.clear();
    } catch (IOException | RuntimeException e) {
      // The log still holds the writes and the next open applies them.
      log.warn("committing search index {} at close failed", path, e);
    }
    try {
      IOUtils.close(searchers, writer, writeLog, directory);
    } catch (IOException e) {
      throw new UncheckedIOException("closing search index " + path + " failed", e);
    }
  }

  /** A round of the writer thread: the writes, then the refresh searches asked for. */
  private void handle(WriterQueue.Round round) {
    if (!round.writes().isEmpty()) {
      writeBatch(round.writes());
    }
    if (round.refresh() != null) {
      refresh(round.refresh());
    }
  }

  private void refresh(CompletableFuture<Boolean> done) {
    try {
      refreshSearcher();
      done.complete(true);
    } catch (IOException | RuntimeException e) {
      done.completeExceptionally(failure("refreshing", e));
    }
  }

  private void refreshSearcher() throws IOException {
    searchers.maybeRefreshBlocking();
    // Only after the new searcher is in place: a search that sees false must find every write.
    searcherBehind = false;
  }

  private void writeBatch(List<WriterQueue.Pending> batch) {
    try {
      writeLog.append(batch.stream().map(WriterQueue.Pending::write).toList());
    } catch (IOException | RuntimeException e) {
      batch.forEach(pending -> pending.done().completeExceptionally(failure("logging", e)));
      return;
    }
    var results = new ArrayList<Boolean>(batch.size());
    try {
      for (WriterQueue.Pending pending : batch) {
        results.add(apply(pending.write()));
      }
    } catch (IOException | RuntimeException e) {
      // Logged, so durable, but Lucene is failing: report it rather than claim success.
      batch.forEach(pending -> pending.done().completeExceptionally(failure("writing to", e)));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).done().complete(results.get(i));
    }
    checkpointIfLogIsLarge();
  }

  private void checkpointIfLogIsLarge() {
    try {
      if (writeLog.sizeBytes() >= CHECKPOINT_LOG_BYTES) {
        writer.commit();
        writeLog.clear();
      }
    } catch (IOException | RuntimeException e) {
      // Nothing is lost: the log keeps the writes until a later commit succeeds.
      log.warn("committing search index {} failed; its write log keeps growing", path, e);
    }
  }

  /** Applies a write; for a delete, whether the document was there. */
  private boolean apply(IndexWrite write) throws IOException {
    if (write instanceof IndexWrite.Delete delete) {
      // Whether the document is there, counting this batch's earlier writes.
      refreshSearcher();
      IndexSearcher searcher = searchers.acquire();
      try {
        if (searcher.count(new TermQuery(SearchDocuments.idTerm(delete.id()))) == 0) {
          return false;
        }
      } finally {
        searchers.release(searcher);
      }
    }
    applyBlindly(writer, write);
    searcherBehind = true;
    return true;
  }

  private static void applyBlindly(IndexWriter writer, IndexWrite write) throws IOException {
    switch (write) {
      case IndexWrite.Upsert upsert -> writer.updateDocument(SearchDocuments.idTerm(upsert.id()),
          SearchDocuments.toLucene(upsert.id(), upsert.fields()));
      case IndexWrite.Delete delete -> writer.deleteDocuments(SearchDocuments.idTerm(delete.id()));
    }
  }

  private UncheckedIOException failure(String action, Exception cause) {
    var io = cause instanceof IOException e ? e : new IOException(cause);
    return new UncheckedIOException(action + " search index " + path + " failed: "
        + cause.getMessage(), io);
  }

}
