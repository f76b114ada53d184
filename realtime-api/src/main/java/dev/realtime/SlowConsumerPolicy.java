package dev.realtime;

/**
 * What the hub does when a connection's outbound queue would exceed {@link
 * RealtimeConfig#maxQueuedBytesPerConnection()} because the client reads slower than messages
 * arrive. Every message discarded by a policy is counted in {@code realtime.messages.dropped}.
 */
public enum SlowConsumerPolicy {
  /**
   * Close the connection with {@link CloseReason#SLOW_CONSUMER}; the client reconnects and catches
   * up.
   */
  DISCONNECT,
  /** Discard the oldest queued messages until the new one fits. */
  DROP_OLDEST,
  /**
   * Keep only the newest queued message per {@link Message#coalescingKey()} (a queued message with
   * the same key is replaced in place); if the queue still overflows, discard the oldest. Right for
   * dashboards and presence, where only the latest state matters.
   */
  LATEST_PER_KEY
}
