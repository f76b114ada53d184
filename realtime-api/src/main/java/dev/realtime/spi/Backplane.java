package dev.realtime.spi;

import java.util.concurrent.CompletionStage;

/**
 * Carries envelopes between the nodes of a cluster. One instance per hub. Implementations must not
 * deliver an envelope back to the node that published it, must deliver only routing keys the node
 * declared {@linkplain #interest interest} in, and must keep order per publisher and key.
 */
public interface Backplane extends AutoCloseable {

  /**
   * @return a short name such as {@code local}, {@code redis} or {@code hazelcast}
   */
  String name();

  /**
   * Starts delivering to the hub. Called once, before any other method.
   *
   * @param nodeId the hub's node id (the origin of what it publishes)
   * @param listener receives envelopes and state changes
   */
  void start(String nodeId, BackplaneListener listener);

  /**
   * Publishes an envelope to the other nodes. Never blocks the caller.
   *
   * @param envelope the envelope
   * @return completes when the backplane accepted it; exceptionally, and quickly, when it cannot
   */
  CompletionStage<Void> publish(Envelope envelope);

  /**
   * Declares whether this node wants envelopes for a routing key ({@link Target#routingKey()}).
   * Called when the first local member joins and after the last leaves, possibly under a hub lock:
   * must not block (subscribe asynchronously).
   *
   * @param routingKey the key
   * @param interested {@code true} to receive, {@code false} to stop
   */
  void interest(String routingKey, boolean interested);

  /**
   * @return the current health
   */
  BackplaneHealth health();

  /** Stops delivering and releases connections and threads. Idempotent. */
  @Override
  void close();
}
