package dev.realtime;

/**
 * What the hub does when a resource already holds {@link
 * RealtimeConfig#maxConnectionsPerResource()}.
 */
public enum OverflowPolicy {
  /** Refuse the new connection with {@link ConnectionRejectedException.Reason#RESOURCE_LIMIT}. */
  REJECT_NEW,
  /**
   * Close the oldest connection of the resource ({@link CloseReason#EVICTED}) and accept the new
   * one.
   */
  EVICT_OLDEST
}
