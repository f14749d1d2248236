package io.cumulo.workflows;

/** Receives an execution's history events as they happen, in order. */
@FunctionalInterface
public interface HistoryListener {
  /** Called for every event; runs on the driver's thread, so keep it short. */
  void onEvent(HistoryEvent event);

  /** A listener that drops every event. */
  static HistoryListener none() {
    return event -> {};
  }
}
