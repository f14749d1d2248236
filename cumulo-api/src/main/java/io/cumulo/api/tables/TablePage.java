package io.cumulo.api.tables;

import java.util.List;

/**
 * A page of a table's rows in key order.
 *
 * @param rows the rows
 * @param nextKey pass as {@code afterKey} to read the next page; null when this is the last
 */
public record TablePage(List<TableRow> rows, String nextKey) {
  public TablePage {
    rows = List.copyOf(rows);
  }
}
