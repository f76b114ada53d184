package dev.realtime.tck.selftest;

import dev.realtime.backplane.local.LocalBus;
import dev.realtime.spi.Backplane;
import dev.realtime.spi.BackplaneHealth;
import dev.realtime.spi.BackplaneListener;
import dev.realtime.spi.BackplaneState;
import dev.realtime.spi.Envelope;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link LocalBus} node with one {@link Fault} built in. */
final class FaultyBackplane implements Backplane {
  private final Fault fault;
  private final LocalBus bus;
  private final Backplane inner;
  private final List<FaultyBackplane> cluster;
  private final Set<String> interests = ConcurrentHashMap.newKeySet();
  private final List<Runnable> held = new ArrayList<>();
  private volatile BackplaneListener hub;
  private Envelope swapped;

  FaultyBackplane(Fault fault, LocalBus bus, List<FaultyBackplane> cluster) {
    this.fault = fault;
    this.bus = bus;
    this.inner = bus.newBackplane();
    this.cluster = cluster;
    cluster.add(this);
  }

  @Override
  public String name() {
    return "faulty-" + fault;
  }

  @Override
  public void start(String nodeId, BackplaneListener listener) {
    hub = listener;
    inner.start(
        nodeId,
        new BackplaneListener() {
          @Override
          public void onEnvelope(Envelope e) {
            deliver(e);
          }

          @Override
          public void onStateChange(BackplaneState state) {
            if (fault == Fault.HIDES_OUTAGE && state == BackplaneState.DOWN) {
              return;
            }
            listener.onStateChange(
                fault == Fault.UP_INSTEAD_OF_RECOVERED && state == BackplaneState.RECOVERED
                    ? BackplaneState.UP
                    : state);
          }
        });
  }

  // Runs on the node's single LocalBus delivery thread.
  private void deliver(Envelope e) {
    switch (fault) {
      case DUPLICATES -> {
        hub.onEnvelope(e);
        hub.onEnvelope(e);
      }
      case TEXT_CODEC -> {
        String text = new String(e.message().data(), StandardCharsets.UTF_8);
        hub.onEnvelope(
            new Envelope(
                e.originNode(),
                e.target(),
                e.message().toBuilder().data(text).build(),
                e.offset(),
                e.epoch()));
      }
      case REORDERS -> {
        if (!e.message().event().orElse("").equals("tck-message")) {
          hub.onEnvelope(e);
        } else if (swapped == null) {
          swapped = e;
        } else {
          hub.onEnvelope(e);
          hub.onEnvelope(swapped);
          swapped = null;
        }
      }
      default -> hub.onEnvelope(e);
    }
  }

  @Override
  public synchronized CompletionStage<Void> publish(Envelope e) {
    if (fault == Fault.ECHOES) {
      hub.onEnvelope(e);
    }
    if (bus.isDown() && fault == Fault.SILENT_DURING_OUTAGE) {
      return CompletableFuture.completedFuture(null);
    }
    if (fault == Fault.REPLAYS_AFTER_OUTAGE) {
      if (bus.isDown()) {
        CompletableFuture<Void> later = new CompletableFuture<>();
        held.add(() -> inner.publish(e).whenComplete((ok, error) -> later.complete(null)));
        return later;
      }
      held.forEach(Runnable::run);
      held.clear();
    }
    return inner.publish(e);
  }

  @Override
  public void interest(String key, boolean interested) {
    switch (fault) {
      case NEVER_UNSUBSCRIBES -> {
        if (interested) {
          inner.interest(key, true);
        }
      }
      case IGNORES_INTEREST -> {
        if (interested) {
          for (FaultyBackplane node : cluster) {
            node.inner.interest(key, true);
          }
        } else {
          inner.interest(key, false);
        }
      }
      case CAPS_SUBSCRIPTIONS -> {
        if (!interested) {
          interests.remove(key);
          inner.interest(key, false);
        } else if (interests.size() < 5_000 && interests.add(key)) {
          inner.interest(key, true);
        }
      }
      case NO_NODE_KEYS -> {
        if (!key.startsWith("node:")) {
          inner.interest(key, interested);
        }
      }
      default -> inner.interest(key, interested);
    }
  }

  @Override
  public BackplaneHealth health() {
    return inner.health();
  }

  @Override
  public void close() {
    inner.close();
    if (fault == Fault.CLOSE_BREAKS_CLUSTER) {
      bus.setDown(true);
    }
  }
}
