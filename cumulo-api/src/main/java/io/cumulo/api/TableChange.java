package io.cumulo.api;

import java.time.Instant;
import java.util.Map;

/**
 * The input of a function with a {@code table:} trigger: one row changed, in the spirit of a
 * DynamoDB stream record. Delivered at least once; {@code sequence} orders the changes of one
 * table.
 *
 * @param table the table's name
 * @param source who owns the table: {@code tables} for {@code ctx.tables()}, or the name of the
 *     service that reported the change
 * @param operation {@code INSERT}, {@code MODIFY} or {@code REMOVE}
 * @param key the row's key
 * @param newImage the row after the change; null for {@code REMOVE}
 * @param oldImage the row before the change, when the source knows it; else null
 * @param sequence increases with every change of the table (across restarts)
 * @param time when the change was made
 */
public record TableChange(String table, String source, String operation, String key,
    Map<String, Object> newImage, Map<String, Object> oldImage, long sequence, Instant time) {
  public static final String INSERT = "INSERT";
  public static final String MODIFY = "MODIFY";
  public static final String REMOVE = "REMOVE";
}
