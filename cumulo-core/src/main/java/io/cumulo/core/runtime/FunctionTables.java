package io.cumulo.core.runtime;

import io.cumulo.api.tables.TablePage;
import io.cumulo.api.tables.Tables;
import io.cumulo.core.tables.TableStore;
import java.util.Optional;

/** {@link Tables} of one function: the table store, limited to the function's app. */
record FunctionTables(String app, TableStore store) implements Tables {

  @Override
  public boolean insert(String table, String key, String json) {
    return store.insert(app, table, key, json);
  }

  @Override
  public void put(String table, String key, String json) {
    store.put(app, table, key, json);
  }

  @Override
  public Optional<String> get(String table, String key) {
    return store.get(app, table, key);
  }

  @Override
  public boolean delete(String table, String key) {
    return store.delete(app, table, key);
  }

  @Override
  public TablePage list(String table, String afterKey, int limit) {
    return store.list(app, table, afterKey, limit);
  }
}
