package dev.realtime.backplane.hazelcast;

import static org.awaitility.Awaitility.await;

import dev.realtime.ConnectionRequest;
import dev.realtime.Hub;
import dev.realtime.HubListener;
import dev.realtime.Message;
import dev.realtime.RealtimeConfig;
import dev.realtime.core.RealtimeHub;
import dev.realtime.spi.Backplane;
import dev.realtime.spi.BackplaneState;
import dev.realtime.tck.RecordingOutlet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.core.ConditionFactory;

/** The hubs of one test with their meters and the backplane states they were told; closes all. */
final class Hubs implements AutoCloseable {
  static final String MSG = "msg";
  private static final AtomicLong PROBES = new AtomicLong();

  private final String run = UUID.randomUUID().toString().substring(0, 6);
  private final List<Node> nodes = new ArrayList<>();

  /** One hub with what a test inspects. */
  record Node(Hub hub, SimpleMeterRegistry meters, List<BackplaneState> states) {
    double dropped(String reason) {
      Counter c = meters.find("realtime.messages.dropped").tag("reason", reason).counter();
      return c == null ? 0 : c.count();
    }

    BackplaneState state() {
      return hub.stats().backplaneState();
    }

    /** Opens a connection in the given rooms and records what it receives. */
    RecordingOutlet member(String resource, String... rooms) {
      RecordingOutlet outlet = new RecordingOutlet();
      ConnectionRequest.Builder r = ConnectionRequest.builder(resource);
      for (String room : rooms) {
        r.room(room);
      }
      hub.open(r.build(), outlet);
      return outlet;
    }
  }

  static RealtimeConfig config() {
    return RealtimeConfig.builder()
        .heartbeatInterval(Duration.ZERO)
        .clientRetry(Duration.ZERO)
        .shutdownTimeout(Duration.ZERO)
        .maxRoomsPerConnection(1_000)
        .build();
  }

  /** A node id unique to this test: {@code name} plus a suffix. */
  String nodeId(String name) {
    return name + "-" + run;
  }

  synchronized Node start(String name, Backplane backplane) {
    return start(name, RealtimeHub.builder().config(config()).backplane(backplane));
  }

  /**
   * A hub whose backplane is found the way a host finds it: {@code REALTIME_BACKPLANE} and the
   * provider's variables in {@code environment}, the provider through {@link
   * java.util.ServiceLoader}.
   */
  synchronized Node startFromEnvironment(String name, Map<String, String> environment) {
    return start(
        name,
        RealtimeHub.builder()
            .config(
                RealtimeConfig.fromEnvironment(environment).toBuilder()
                    .backplane("hazelcast")
                    .heartbeatInterval(Duration.ZERO)
                    .shutdownTimeout(Duration.ZERO)
                    .build())
            .environment(environment));
  }

  private Node start(String name, RealtimeHub.Builder builder) {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    List<BackplaneState> states = new CopyOnWriteArrayList<>();
    Hub hub =
        builder
            .nodeId(nodeId(name))
            .meterRegistry(meters)
            .listener(
                new HubListener() {
                  @Override
                  public void onBackplaneState(BackplaneState state) {
                    states.add(state);
                  }
                })
            .build();
    Node n = new Node(hub, meters, states);
    nodes.add(n);
    return n;
  }

  static ConditionFactory eventually() {
    // Hazelcast's own threads may die with an exception while members come and go (e.g. its
    // reconnection task's "Connecting to self!" when a new member reuses a departed member's
    // port). Those are Hazelcast internals, not the behaviour under test: Awaitility must not turn
    // them into a failed wait.
    return await()
        .dontCatchUncaughtExceptions()
        .atMost(Duration.ofSeconds(20))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10));
  }

  /**
   * Broadcasts probes from {@code from} until every outlet received one (interest becomes effective
   * asynchronously), then a fence, so no probe is in flight afterwards. Probes and fences use their
   * own events and do not disturb {@link #MSG}.
   */
  static void awaitRoute(Hub from, String room, RecordingOutlet... to) {
    String tag = "p" + PROBES.incrementAndGet();
    eventually()
        .pollInterval(Duration.ofMillis(50))
        .alias("a broadcast to " + room + " to reach every member")
        .until(
            () -> {
              from.broadcast(room, Message.of("probe", tag));
              return reachedAll("probe", tag, to);
            });
    fence(from, room, to);
  }

  /**
   * Sends one fence and waits for it: whatever {@code from} sent to the room before has arrived.
   */
  static void fence(Hub from, String room, RecordingOutlet... to) {
    String tag = "f" + PROBES.incrementAndGet();
    from.broadcast(room, Message.of("fence", tag));
    eventually()
        .alias("a fence to " + room + " to reach every member")
        .until(() -> reachedAll("fence", tag, to));
  }

  private static boolean reachedAll(String event, String tag, RecordingOutlet... to) {
    for (RecordingOutlet o : to) {
      if (!o.contains(event, tag)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public synchronized void close() {
    for (Node n : nodes) {
      n.hub.close();
    }
    nodes.clear();
  }
}
