package dev.realtime.spi;

/** The state of a backplane as reported to the hub. */
public enum BackplaneState {
  /** Connected; messages flow between nodes. */
  UP,
  /** Not connected; remote publishes fail fast and remote messages may be missed. */
  DOWN,
  /**
   * Connected again after {@link #DOWN}; messages sent meanwhile may have been missed, so the hub
   * tells affected connections. A backplane reports {@link #UP} afterwards only on a later change.
   */
  RECOVERED
}
