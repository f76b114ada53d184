package dev.realtime.core;

import dev.realtime.CloseReason;
import dev.realtime.ConnectionRejectedException;
import dev.realtime.spi.BackplaneState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The hub's Micrometer meters. Tags have bounded values (enum names, the node id), never a room or
 * resource name. Counters on the hot path are incremented once per broadcast, not per recipient.
 */
final class HubMetrics {
  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();
  private final Counter opened;
  private final Map<CloseReason, Counter> closed = new EnumMap<>(CloseReason.class);
  private final Map<ConnectionRejectedException.Reason, Counter> rejected =
      new EnumMap<>(ConnectionRejectedException.Reason.class);
  private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);
  private final Counter published;
  private final Counter delivered;
  private final Counter received;
  private final Counter writes;
  private final Timer publishTimer;

  HubMetrics(
      MeterRegistry registry,
      String nodeId,
      Supplier<Number> connections,
      Supplier<Number> queuedBytes,
      Supplier<BackplaneState> backplaneState) {
    this.registry = registry;
    List<Tag> node = List.of(Tag.of("node", nodeId));
    gauge(
        "realtime.connections", "Open connections", node, connections, s -> s.get().doubleValue());
    gauge(
        "realtime.outbound.queued.bytes",
        "Bytes queued for clients and not yet written",
        node,
        queuedBytes,
        s -> s.get().doubleValue());
    gauge(
        "realtime.backplane.state",
        "Backplane state: 1 when messages flow between nodes, 0 when down",
        node,
        backplaneState,
        s -> s.get() == BackplaneState.DOWN ? 0 : 1);
    opened = counter("realtime.connections.opened", "Connections opened", node);
    for (CloseReason r : CloseReason.values()) {
      closed.put(r, counter("realtime.connections.closed", "Connections closed", tag(node, r)));
    }
    for (ConnectionRejectedException.Reason r : ConnectionRejectedException.Reason.values()) {
      rejected.put(
          r, counter("realtime.connections.rejected", "Connections refused", tag(node, r)));
    }
    for (DropReason r : DropReason.values()) {
      dropped.put(
          r,
          counter(
              "realtime.messages.dropped",
              "Frames not delivered to a client or to other nodes",
              with(node, "reason", r.tag)));
    }
    published = counter("realtime.messages.published", "Messages sent by this node", node);
    delivered = counter("realtime.messages.delivered", "Frames queued for local connections", node);
    received = counter("realtime.messages.received", "Messages received from other nodes", node);
    writes =
        counter(
            "realtime.outbound.writes",
            "Write calls made to outlets (one gathering write carries one or more frames)",
            node);
    publishTimer =
        register(
            Timer.builder("realtime.backplane.publish")
                .description("Time for the backplane to accept a publish")
                .tags(node)
                .register(registry));
  }

  void opened() {
    opened.increment();
  }

  void closed(CloseReason reason) {
    closed.get(reason).increment();
  }

  void rejected(ConnectionRejectedException.Reason reason) {
    rejected.get(reason).increment();
  }

  void dropped(DropReason reason, int frames) {
    dropped.get(reason).increment(frames);
  }

  void published(int localRecipients) {
    published.increment();
    if (localRecipients > 0) {
      delivered.increment(localRecipients);
    }
  }

  void received(int localRecipients) {
    received.increment();
    if (localRecipients > 0) {
      delivered.increment(localRecipients);
    }
  }

  /** Calls to {@code Outlet.write}, however many frames each carried; counted per drain group. */
  void wrote(long calls) {
    if (calls > 0) {
      writes.increment(calls);
    }
  }

  Timer publishTimer() {
    return publishTimer;
  }

  /** Removes this hub's meters, so a closed hub does not keep reporting. */
  void close() {
    for (Meter m : meters) {
      registry.remove(m);
    }
  }

  private <T> void gauge(
      String name, String description, List<Tag> tags, T source, ToDoubleFunction<T> f) {
    register(
        Gauge.builder(name, source, f)
            .description(description)
            .tags(tags)
            .strongReference(true)
            .register(registry));
  }

  private Counter counter(String name, String description, List<Tag> tags) {
    return register(Counter.builder(name).description(description).tags(tags).register(registry));
  }

  private <M extends Meter> M register(M meter) {
    meters.add(meter);
    return meter;
  }

  private static List<Tag> tag(List<Tag> base, Enum<?> reason) {
    return with(base, "reason", reason.name().toLowerCase(Locale.ROOT));
  }

  private static List<Tag> with(List<Tag> base, String key, String value) {
    List<Tag> tags = new ArrayList<>(base);
    tags.add(Tag.of(key, value));
    return tags;
  }
}
