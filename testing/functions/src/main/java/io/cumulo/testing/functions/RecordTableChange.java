package io.cumulo.testing.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import io.cumulo.api.TableChange;

/**
 * Records each table change it receives as a row of table {@code seen}, keyed by the invocation
 * id (stable across redeliveries), holding "operation key source newImage".
 */
public final class RecordTableChange implements Handler<TableChange, Void> {
  @Override
  public Void handle(TableChange change, Context ctx) {
    String summary = change.operation() + " " + change.table() + "/" + change.key() + " from " + change.source()
        + " new=" + change.newImage() + " old=" + change.oldImage();
    ctx.tables().put("seen", ctx.invocationId(), "{\"summary\":" + quote(summary) + ",\"sequence\":"
        + change.sequence() + "}");
    return null;
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
