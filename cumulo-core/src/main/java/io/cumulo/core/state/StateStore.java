package io.cumulo.core.state;

import java.util.List;
import java.util.Optional;

/**
 * Durable platform state: deployed apps, invocation records and the dead-letter queue.
 * Implementations: SQLite in the data dir (embedded, default) and, later, PostgreSQL.
 * Every write is durable when the method returns.
 */
public interface StateStore extends AutoCloseable {

  /** Records a deployment, replacing the app's previous one. */
  void saveApp(DeployedApp app);

  Optional<DeployedApp> app(String name);

  /** All deployed apps, by name. */
  List<DeployedApp> apps();

  /** Forgets an app; its invocation records and dead letters stay. */
  void deleteApp(String name);

  /** Inserts or replaces invocation records by id (a retried event keeps its id), in one transaction. */
  void recordInvocations(List<InvocationRecord> records);

  Optional<InvocationRecord> invocation(String id);

  /** The newest records of a function, newest first. */
  List<InvocationRecord> recentInvocations(String function, int limit);

  /** Adds an event to the dead-letter queue; adding the same event id again replaces it. */
  void addDeadLetter(DeadLetter letter);

  /** A function's dead letters, oldest first. */
  List<DeadLetter> deadLetters(String function, int limit);

  Optional<DeadLetter> deadLetter(String eventId);

  /** Removes a dead letter; returns whether it existed. */
  boolean removeDeadLetter(String eventId);

  /** Stores a new API key. */
  void saveApiKey(ApiKey key);

  /** An app's API keys, oldest first. */
  List<ApiKey> apiKeys(String app);

  /** The key whose text has this SHA-256 (lower-case hex), if it exists and was not revoked. */
  Optional<ApiKey> apiKeyByHash(String sha256Hex);

  /** Revokes (deletes) one of an app's keys; returns whether it existed. */
  boolean deleteApiKey(String app, String id);

  @Override
  void close();
}
