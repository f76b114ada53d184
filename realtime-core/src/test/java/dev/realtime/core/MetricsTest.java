package dev.realtime.core;

import static dev.realtime.core.TestHubs.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.realtime.CloseReason;
import dev.realtime.Connection;
import dev.realtime.ConnectionRequest;
import dev.realtime.Hub;
import dev.realtime.Message;
import dev.realtime.RealtimeConfig;
import dev.realtime.backplane.local.LocalBus;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private final TestHubs hubs = new TestHubs();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @AfterEach
  void closeHubs() {
    hubs.close();
  }

  private Hub hub(RealtimeConfig config) {
    return hubs.start(TestHubs.builder(config).meterRegistry(meters).nodeId("node-1"));
  }

  private double counter(String name) {
    return meters.get(name).counter().count();
  }

  private double counter(String name, String reason) {
    return meters.get(name).tag("reason", reason).counter().count();
  }

  private double gauge(String name) {
    return meters.get(name).gauge().value();
  }

  private List<Meter> realtimeMeters() {
    return meters.getMeters().stream()
        .filter(m -> m.getId().getName().startsWith("realtime."))
        .toList();
  }

  @Test
  void connectionMeters() {
    Hub hub = hub(RealtimeConfig.builder().maxConnectionsPerResource(2).maxConnections(3).build());
    Connection a = hub.open(ConnectionRequest.of("doctor-123"), new RecordingOutlet());
    hub.open(ConnectionRequest.of("doctor-123"), new RecordingOutlet());
    assertThatThrownBy(() -> hub.open(ConnectionRequest.of("doctor-123"), new RecordingOutlet()))
        .isInstanceOf(dev.realtime.ConnectionRejectedException.class);
    hub.open(ConnectionRequest.of("doctor-456"), new RecordingOutlet());
    assertThatThrownBy(() -> hub.open(ConnectionRequest.of("doctor-789"), new RecordingOutlet()))
        .isInstanceOf(dev.realtime.ConnectionRejectedException.class);

    assertThat(gauge("realtime.connections")).isEqualTo(3.0);
    assertThat(counter("realtime.connections.opened")).isEqualTo(3.0);
    assertThat(counter("realtime.connections.rejected", "resource_limit")).isEqualTo(1.0);
    assertThat(counter("realtime.connections.rejected", "global_limit")).isEqualTo(1.0);

    a.close(CloseReason.CLIENT_GONE);

    assertThat(gauge("realtime.connections")).isEqualTo(2.0);
    assertThat(counter("realtime.connections.closed", "client_gone")).isEqualTo(1.0);
    assertThat(counter("realtime.connections.closed", "server")).isZero();
    assertThat(meters.get("realtime.connections").gauge().getId().getTag("node"))
        .isEqualTo("node-1");
  }

  @Test
  void messageMetersCountBroadcastsOnceAndDeliveriesPerRecipient() {
    Hub hub = hub(RealtimeConfig.defaults());
    for (int i = 0; i < 3; i++) {
      hub.open(ConnectionRequest.builder("u" + i).room("room-a").build(), new RecordingOutlet());
    }
    hub.open(ConnectionRequest.builder("u9").room("room-b").build(), new RecordingOutlet());

    hub.broadcast("room-a", Message.of("x"));
    hub.broadcast("room-b", Message.of("y"));
    hub.sendToResource("u0", Message.of("z"));
    hub.broadcast("empty-room", Message.of("nobody"));

    assertThat(counter("realtime.messages.published")).isEqualTo(4.0);
    assertThat(counter("realtime.messages.delivered")).isEqualTo(3 + 1 + 1);
  }

  @Test
  void queuedBytesGaugeAndDroppedCounter() {
    Hub hub =
        hub(
            RealtimeConfig.builder()
                .maxMessageBytes(512)
                .maxQueuedBytesPerConnection(2048)
                .slowConsumerPolicy(dev.realtime.SlowConsumerPolicy.DROP_OLDEST)
                .build());
    RecordingOutlet o = RecordingOutlet.stalledOutlet();
    Connection c = hub.open(ConnectionRequest.builder("u").room("r").build(), o);
    eventually().until(() -> o.writeCalls() >= 1);

    for (int i = 0; i < 10; i++) {
      hub.broadcast("r", Message.of("x".repeat(100)));
    }

    // Broadcasts hand frames to the connection's loop, which queues them behind the stalled write.
    eventually().until(() -> c.queuedBytes() > 1000);
    eventually().until(() -> gauge("realtime.outbound.queued.bytes") == (double) c.queuedBytes());

    for (int i = 0; i < 30; i++) {
      hub.broadcast("r", Message.of("x".repeat(100)));
    }
    eventually().until(() -> counter("realtime.messages.dropped", "drop_oldest") > 0);
    assertThat(gauge("realtime.outbound.queued.bytes")).isLessThanOrEqualTo(2048);

    o.resume();
    eventually().until(() -> gauge("realtime.outbound.queued.bytes") == 0.0);
  }

  @Test
  void writesCounterCountsOutletWriteCallsNotFrames() {
    Hub hub = hub(RealtimeConfig.defaults());
    RecordingOutlet o = RecordingOutlet.stalledOutlet();
    Connection c = hub.open(ConnectionRequest.builder("u").room("r").build(), o);
    eventually().until(() -> o.writeCalls() == 1); // the retry frame, refused while stalled
    long queued = SseEncoder.retry(RealtimeConfig.defaults().clientRetry()).size;
    for (int i = 0; i < 20; i++) {
      hub.broadcast("r", Message.of("m" + i));
      queued += SseEncoder.encode(Message.of("m" + i)).size;
    }
    long all = queued;
    eventually().until(() -> c.queuedBytes() == all); // the loop queued them behind the stall

    o.resume(); // the 21 queued frames go out in one gathering write
    eventually().until(() -> o.data("message").size() == 20);

    assertThat(o.writeCalls()).isEqualTo(2);
    eventually().until(() -> counter("realtime.outbound.writes") == 2.0);
    assertThat(meters.get("realtime.outbound.writes").counter().getId().getTag("node"))
        .isEqualTo("node-1");
  }

  @Test
  void backplaneMeters() {
    LocalBus bus = new LocalBus();
    Hub a =
        hubs.start(
            TestHubs.builder(RealtimeConfig.defaults())
                .meterRegistry(meters)
                .nodeId("node-a")
                .backplane(bus.newBackplane()));
    Hub b = hubs.start(TestHubs.builder(RealtimeConfig.defaults()).backplane(bus.newBackplane()));
    RecordingOutlet remote = new RecordingOutlet();
    b.open(ConnectionRequest.builder("u").room("r").build(), remote);

    a.broadcast("r", Message.of("x")).toCompletableFuture().join();

    assertThat(gauge("realtime.backplane.state")).isEqualTo(1.0);
    assertThat(meters.get("realtime.backplane.publish").timer().count()).isEqualTo(1);

    bus.setDown(true);
    eventually().until(() -> gauge("realtime.backplane.state") == 0.0);
    assertThat(a.broadcast("r", Message.of("y")).toCompletableFuture())
        .failsWithin(java.time.Duration.ofSeconds(5));
    assertThat(counter("realtime.messages.dropped", "backplane")).isEqualTo(1.0);
    assertThat(meters.get("realtime.backplane.publish").timer().count()).isEqualTo(2);

    bus.setDown(false);
    eventually().until(() -> gauge("realtime.backplane.state") == 1.0);
  }

  @Test
  void noTagCarriesARoomOrResourceName() {
    Hub hub = hub(RealtimeConfig.builder().maxConnectionsPerResource(1).build());
    Connection c =
        hub.open(
            ConnectionRequest.builder("resource-secret").room("room-secret").build(),
            new RecordingOutlet());
    hub.broadcast("room-secret", Message.of("x"));
    hub.sendToResource("resource-secret", Message.of("x"));
    assertThatThrownBy(
        () -> hub.open(ConnectionRequest.of("resource-secret"), new RecordingOutlet()));
    c.close(CloseReason.SERVER);

    Set<String> tagValues =
        realtimeMeters().stream()
            .flatMap(m -> m.getId().getTags().stream())
            .map(Tag::getValue)
            .collect(Collectors.toSet());
    Set<String> tagKeys =
        realtimeMeters().stream()
            .flatMap(m -> m.getId().getTags().stream())
            .map(Tag::getKey)
            .collect(Collectors.toSet());

    assertThat(realtimeMeters()).isNotEmpty();
    assertThat(tagValues).noneMatch(v -> v.contains("secret"));
    assertThat(tagKeys).containsOnly("node", "reason");
  }

  @Test
  void allMetersAreRegisteredAtStartAndRemovedAtClose() {
    Hub hub = hub(RealtimeConfig.defaults());
    Set<String> names =
        realtimeMeters().stream().map(m -> m.getId().getName()).collect(Collectors.toSet());
    assertThat(names)
        .contains(
            "realtime.connections",
            "realtime.connections.opened",
            "realtime.connections.closed",
            "realtime.connections.rejected",
            "realtime.messages.published",
            "realtime.messages.delivered",
            "realtime.messages.dropped",
            "realtime.outbound.queued.bytes",
            "realtime.outbound.writes",
            "realtime.backplane.state",
            "realtime.backplane.publish");

    hub.close();

    assertThat(realtimeMeters()).isEmpty();
  }
}
