package io.cumulo.core.manifest;

import java.util.List;
import java.util.Set;

/**
 * Invokes the function with a {@code io.cumulo.api.TableChange} when a row of one of the app's
 * tables changes: tables written through {@code ctx.tables()} and tables whose changes the app's
 * services report.
 *
 * @param table the table's name (bucket-name rules)
 * @param operations which changes fire it: {@code INSERT}, {@code MODIFY}, {@code REMOVE} (default all)
 */
public record TableTrigger(String table, Set<String> operations) implements Trigger {
  /** The operations a trigger may list. */
  public static final List<String> OPERATIONS = List.of("INSERT", "MODIFY", "REMOVE");
  /** What a table name may be; the same rule as for channels and search indexes. */
  public static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  /** {@link #NAME} in words. */
  public static final String NAME_RULE = "1 to 63 lowercase letters, digits and '-', starting with a letter or digit";

  public TableTrigger {
    operations = Set.copyOf(operations);
  }

  /** Whether a change of {@code changedTable} by {@code operation} fires this trigger. */
  public boolean matches(String changedTable, String operation) {
    return table.equals(changedTable) && operations.contains(operation);
  }
}
