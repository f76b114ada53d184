package dev.realtime.backplane.local;

import dev.realtime.spi.Backplane;
import dev.realtime.spi.BackplaneState;
import dev.realtime.spi.Envelope;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory message bus that joins several hubs in one JVM into a fake cluster, for tests and
 * demos. Each hub gets its own {@link #newBackplane()}. Like a real backplane it delivers
 * asynchronously (one delivery thread per node, so order per publisher and routing key holds), only
 * to nodes that declared interest in the routing key, never back to the publisher, and it can be
 * taken {@linkplain #setDown down} to simulate an outage: publishes then fail fast and nodes see
 * {@link BackplaneState#DOWN}, then {@link BackplaneState#RECOVERED}.
 */
public final class LocalBus {
  private final List<LocalBusBackplane> members = new CopyOnWriteArrayList<>();
  private final AtomicLong delivered = new AtomicLong();
  private volatile boolean down;

  /** Creates an empty bus. */
  public LocalBus() {}

  /**
   * A backplane for one more node on this bus.
   *
   * @return a backplane to give to a hub
   */
  public Backplane newBackplane() {
    return new LocalBusBackplane(this);
  }

  /**
   * Simulates an outage ({@code true}) or its end ({@code false}); members are told {@link
   * BackplaneState#DOWN} and then {@link BackplaneState#RECOVERED}.
   *
   * @param down whether the bus is down
   */
  public synchronized void setDown(boolean down) {
    if (this.down == down) {
      return;
    }
    this.down = down;
    BackplaneState state = down ? BackplaneState.DOWN : BackplaneState.RECOVERED;
    for (LocalBusBackplane member : members) {
      member.changeState(state);
    }
  }

  /**
   * @return whether the bus is simulating an outage
   */
  public boolean isDown() {
    return down;
  }

  /**
   * @return envelopes handed to a node's listener so far, over all nodes
   */
  public long deliveredCount() {
    return delivered.get();
  }

  /**
   * @return nodes currently started on this bus
   */
  public int memberCount() {
    return members.size();
  }

  void join(LocalBusBackplane member) {
    members.add(member);
  }

  void leave(LocalBusBackplane member) {
    members.remove(member);
  }

  CompletionStage<Void> publish(LocalBusBackplane from, Envelope envelope) {
    if (down) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("LocalBus is down (simulated outage)"));
    }
    String key = envelope.target().routingKey();
    for (LocalBusBackplane member : members) {
      if (member != from && member.wants(key)) {
        member.enqueue(envelope);
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  void countDelivered() {
    delivered.incrementAndGet();
  }
}
