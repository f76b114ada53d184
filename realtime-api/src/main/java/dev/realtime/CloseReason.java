package dev.realtime;

/**
 * Why a connection ended; visible to {@link HubListener}s and as the tag of the closed-connections
 * meter.
 */
public enum CloseReason {
  /** The client went away (disconnect, network error, write failure). */
  CLIENT_GONE,
  /** The absolute connection timeout ({@link RealtimeConfig#connectionTimeout()}) was reached. */
  TIMEOUT,
  /** No message was sent to the connection within {@link RealtimeConfig#idleTimeout()}. */
  IDLE,
  /**
   * The connection was evicted to make room for a newer one ({@link OverflowPolicy#EVICT_OLDEST}).
   */
  EVICTED,
  /** The client did not read fast enough and its outbound queue overflowed. */
  SLOW_CONSUMER,
  /** The hub is shutting down. */
  SHUTDOWN,
  /** The application closed the connection. */
  SERVER
}
