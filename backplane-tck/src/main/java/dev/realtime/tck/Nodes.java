package dev.realtime.tck;

import dev.realtime.Hub;
import dev.realtime.RealtimeConfig;
import dev.realtime.core.RealtimeHub;
import dev.realtime.spi.Backplane;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** The hubs of one test, each with its own meter registry; closes them all at the end. */
final class Nodes implements AutoCloseable {
  private final List<Hub> hubs = new ArrayList<>();
  private final Map<Hub, SimpleMeterRegistry> meters = new IdentityHashMap<>();

  synchronized Hub start(String nodeId, Backplane backplane, RealtimeConfig config) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Hub hub;
    try {
      hub =
          RealtimeHub.builder()
              .config(config)
              .backplane(backplane)
              .nodeId(nodeId)
              .meterRegistry(registry)
              .environment(Map.of())
              .build();
    } catch (RuntimeException e) {
      backplane.close(); // the hub never took ownership of it
      throw e;
    }
    hubs.add(hub);
    meters.put(hub, registry);
    return hub;
  }

  /** Envelopes the hub took from its backplane, whether or not a local member got them. */
  synchronized double received(Hub hub) {
    SimpleMeterRegistry registry = meters.get(hub);
    Counter c = registry == null ? null : registry.find("realtime.messages.received").counter();
    if (c == null) {
      throw new IllegalStateException("hub " + hub.nodeId() + " is closed or not from this test");
    }
    return c.count();
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
    meters.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
