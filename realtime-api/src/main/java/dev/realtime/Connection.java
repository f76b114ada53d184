package dev.realtime;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One open client connection held by a {@link Hub}. Thread-safe. Obtained from {@link Hub#open} or
 * {@link Hub#connection(String)}.
 */
public interface Connection {

  /**
   * @return the cluster-unique id, {@code <nodeId>:<sequence>}
   */
  String id();

  /**
   * @return the resource key this connection counts against
   */
  String resource();

  /**
   * @return the authenticated principal, if the transport supplied one
   */
  Optional<String> principal();

  /**
   * @return application attributes given at open (immutable)
   */
  Map<String, String> attributes();

  /**
   * @return the rooms this connection is in now (a snapshot)
   */
  Set<String> rooms();

  /**
   * @return when the connection was opened, by the hub's clock
   */
  Instant openedAt();

  /**
   * @return the {@code Last-Event-ID} the client sent when it connected, if any
   */
  Optional<String> lastEventId();

  /**
   * @return whether the connection is still open
   */
  boolean isOpen();

  /**
   * @return bytes queued for this client and not yet written
   */
  long queuedBytes();

  /**
   * Queues a message for this connection only (not via the backplane).
   *
   * @param message the message; its data must fit {@link RealtimeConfig#maxMessageBytes()}
   * @return {@code true} if queued, {@code false} if the connection is closed or the slow-consumer
   *     policy refused it
   * @throws IllegalArgumentException when the message is too large
   */
  boolean send(Message message);

  /**
   * Closes the connection and releases its slot; idempotent.
   *
   * @param reason the reason reported to listeners and metrics
   */
  void close(CloseReason reason);
}
