package dev.realtime.backplane.local;

import dev.realtime.spi.Backplane;
import dev.realtime.spi.BackplaneHealth;
import dev.realtime.spi.BackplaneListener;
import dev.realtime.spi.BackplaneState;
import dev.realtime.spi.Envelope;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/** One node's view of a {@link LocalBus}. */
final class LocalBusBackplane implements Backplane {
  private final LocalBus bus;
  private final Set<String> interests = ConcurrentHashMap.newKeySet();
  private volatile ExecutorService delivery;
  private volatile BackplaneListener listener;
  private volatile String nodeId = "";
  private volatile BackplaneState state = BackplaneState.UP;
  private volatile boolean closed;

  LocalBusBackplane(LocalBus bus) {
    this.bus = bus;
  }

  @Override
  public String name() {
    return "local-bus";
  }

  @Override
  public synchronized void start(String nodeId, BackplaneListener listener) {
    if (this.listener != null) {
      throw new IllegalStateException("backplane already started for node " + this.nodeId);
    }
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.delivery =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "realtime-localbus-" + nodeId);
              t.setDaemon(true);
              return t;
            });
    bus.join(this);
    if (bus.isDown()) {
      changeState(BackplaneState.DOWN); // a node starting during an outage must know it
    }
  }

  @Override
  public CompletionStage<Void> publish(Envelope envelope) {
    if (closed || listener == null) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("backplane of node " + nodeId + " is not started or closed"));
    }
    return bus.publish(this, envelope);
  }

  @Override
  public void interest(String routingKey, boolean interested) {
    if (interested) {
      interests.add(routingKey);
    } else {
      interests.remove(routingKey);
    }
  }

  @Override
  public BackplaneHealth health() {
    return new BackplaneHealth(name(), state, bus.isDown() ? "simulated outage" : "in-memory bus");
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    bus.leave(this);
    ExecutorService d = delivery;
    if (d != null) {
      d.shutdown();
      try {
        if (!d.awaitTermination(5, TimeUnit.SECONDS)) {
          d.shutdownNow();
        }
      } catch (InterruptedException e) {
        d.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  boolean wants(String routingKey) {
    return !closed && interests.contains(routingKey);
  }

  void enqueue(Envelope envelope) {
    try {
      delivery.execute(
          () -> {
            // Interest may have been dropped while the envelope was in flight, as on a real bus.
            if (!closed && interests.contains(envelope.target().routingKey())) {
              bus.countDelivered();
              listener.onEnvelope(envelope);
            }
          });
    } catch (RejectedExecutionException e) {
      // Closed concurrently: the node is gone, nothing to deliver to.
    }
  }

  void changeState(BackplaneState newState) {
    state = newState;
    BackplaneListener l = listener;
    ExecutorService d = delivery;
    if (l != null && d != null && !closed) {
      try {
        d.execute(() -> l.onStateChange(newState));
      } catch (RejectedExecutionException e) {
        // Closed concurrently.
      }
    }
  }
}
