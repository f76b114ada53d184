package dev.realtime.tck;

import dev.realtime.Hub;
import dev.realtime.RealtimeConfig;
import dev.realtime.core.RealtimeHub;
import dev.realtime.spi.Backplane;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hubs of one test, each with its own meter registry and its backplane behind a {@link
 * TappedBackplane}; closes them all at the end.
 */
final class Nodes implements AutoCloseable {
  private final List<Hub> hubs = new ArrayList<>();
  private final Map<Hub, TappedBackplane> taps = new IdentityHashMap<>();

  synchronized Hub start(String nodeId, Backplane backplane, RealtimeConfig config) {
    TappedBackplane tap = new TappedBackplane(backplane);
    Hub hub;
    try {
      hub =
          RealtimeHub.builder()
              .config(config)
              .backplane(tap)
              .nodeId(nodeId)
              .meterRegistry(new SimpleMeterRegistry())
              .environment(Map.of())
              .build();
    } catch (RuntimeException e) {
      backplane.close(); // the hub never took ownership of it
      throw e;
    }
    hubs.add(hub);
    taps.put(hub, tap);
    return hub;
  }

  /** Envelopes for a routing key the hub's backplane handed to it, whether or not used. */
  synchronized long received(Hub hub, String routingKey) {
    return tap(hub).received(routingKey);
  }

  /** Envelopes the hub published that its backplane delivered back to it. */
  synchronized long echoes(Hub hub) {
    return tap(hub).echoes();
  }

  private TappedBackplane tap(Hub hub) {
    TappedBackplane tap = taps.get(hub);
    if (tap == null) {
      throw new IllegalStateException("hub " + hub.nodeId() + " was not started by this test");
    }
    return tap;
  }

  @Override
  public synchronized void close() {
    RuntimeException failure = null;
    for (Hub hub : hubs) {
      try {
        hub.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    hubs.clear();
    taps.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
