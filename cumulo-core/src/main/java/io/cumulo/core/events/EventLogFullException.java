package io.cumulo.core.events;

import io.cumulo.core.CumuloException;
import java.io.Serial;

/** The event log holds its configured maximum of pending events; the client should retry later. */
public final class EventLogFullException extends CumuloException {
  @Serial private static final long serialVersionUID = 1L;

  public EventLogFullException(int maxPending) {
    super(503, "EventLogFull",
        "the event log holds its maximum of " + maxPending + " pending events; retry later");
  }
}
