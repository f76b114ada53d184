package dev.realtime.backplane.redis;

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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.core.ConditionFactory;

/** The hubs of one test, with their meters and the backplane states they were told; closes all. */
final class Hubs implements AutoCloseable {
  static final String MSG = "msg";
  private static final AtomicLong PROBES = new AtomicLong();

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

    /** Opens a connection in a room and records what it receives. */
    RecordingOutlet member(String resource, String room) {
      RecordingOutlet outlet = new RecordingOutlet();
      hub.open(ConnectionRequest.builder(resource).room(room).build(), outlet);
      return outlet;
    }
  }

  static RealtimeConfig config() {
    return RealtimeConfig.builder()
        .heartbeatInterval(Duration.ZERO)
        .clientRetry(Duration.ZERO)
        .shutdownTimeout(Duration.ZERO)
        .build();
  }

  synchronized Node start(String nodeId, Backplane backplane) {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    List<BackplaneState> states = new CopyOnWriteArrayList<>();
    Hub hub =
        RealtimeHub.builder()
            .config(config())
            .backplane(backplane)
            .nodeId(nodeId)
            .meterRegistry(meters)
            .environment(Map.of())
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
    return await()
        .atMost(Duration.ofSeconds(20))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10));
  }

  /**
   * Broadcasts probes from {@code from} until every outlet received one: subscriptions become
   * effective asynchronously. Probes use their own event, so they do not disturb {@link #MSG}.
   */
  static void awaitRoute(Hub from, String room, RecordingOutlet... to) {
    String tag = "p" + PROBES.incrementAndGet();
    eventually()
        .pollInterval(Duration.ofMillis(50))
        .alias("a broadcast to " + room + " to reach every member")
        .until(
            () -> {
              from.broadcast(room, Message.of("probe", tag));
              for (RecordingOutlet o : to) {
                if (!o.contains("probe", tag)) {
                  return false;
                }
              }
              return true;
            });
  }

  @Override
  public synchronized void close() {
    for (Node n : nodes) {
      n.hub.close();
    }
    nodes.clear();
  }
}
