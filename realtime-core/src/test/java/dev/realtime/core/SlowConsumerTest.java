package dev.realtime.core;

import static dev.realtime.core.TestHubs.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.CloseReason;
import dev.realtime.Connection;
import dev.realtime.ConnectionRequest;
import dev.realtime.Hub;
import dev.realtime.Message;
import dev.realtime.RealtimeConfig;
import dev.realtime.SlowConsumerPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlowConsumerTest {
  private final TestHubs hubs = new TestHubs();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final RecordingListener listener = new RecordingListener();

  @AfterEach
  void closeHubs() {
    hubs.close();
  }

  private Hub hub(SlowConsumerPolicy policy) {
    return hubs.start(
        TestHubs.builder(
                RealtimeConfig.builder()
                    .maxMessageBytes(512)
                    .maxQueuedBytesPerConnection(2048)
                    .slowConsumerPolicy(policy)
                    .build())
            .meterRegistry(meters)
            .listener(listener));
  }

  private double dropped(String reason) {
    return meters.get("realtime.messages.dropped").tag("reason", reason).counter().count();
  }

  private static String payload(int i) {
    return String.format("%04d", i) + "-" + "x".repeat(95);
  }

  /**
   * Opens resource u in {@code room} on a stalled {@code outlet} and waits until the hub has tried
   * its first write, so everything sent from now on queues.
   */
  private static Connection openStalled(Hub hub, String room, RecordingOutlet outlet) {
    Connection c = hub.open(ConnectionRequest.builder("u").room(room).build(), outlet);
    eventually().until(() -> outlet.writeCalls() >= 1);
    return c;
  }

  /** Broadcasts {@link #payload}s 0 to {@code count - 1}, in order, as event m to room r. */
  private static void broadcastPayloads(Hub hub, int count) {
    for (int i = 0; i < count; i++) {
      hub.broadcast("r", Message.of("m", payload(i)));
    }
  }

  @Test
  void disconnectPolicyClosesTheSlowClientWhileOthersGetEverything() {
    Hub hub = hub(SlowConsumerPolicy.DISCONNECT);
    RecordingOutlet slowOutlet = RecordingOutlet.stalledOutlet();
    RecordingOutlet fastOutlet = new RecordingOutlet();
    Connection slow = hub.open(ConnectionRequest.builder("slow").room("r").build(), slowOutlet);
    Connection fast = hub.open(ConnectionRequest.builder("fast").room("r").build(), fastOutlet);

    List<String> sent = new ArrayList<>();
    for (int batch = 0; batch < 10; batch++) {
      for (int i = 0; i < 10; i++) {
        String data = payload(batch * 10 + i);
        hub.broadcast("r", Message.of("m", data));
        sent.add(data);
      }
      int expected = sent.size();
      // Let the healthy client keep up, as a real one reading at line rate would.
      eventually().until(() -> fastOutlet.data("m").size() == expected);
    }

    assertThat(fastOutlet.data("m")).isEqualTo(sent);
    assertThat(fast.isOpen()).isTrue();
    // The slow client may sit on another loop than the fast one: wait for its loop to get there.
    eventually().until(() -> !slow.isOpen());
    assertThat(listener.reasonOf(slow)).isEqualTo(CloseReason.SLOW_CONSUMER);
    assertThat(dropped("slow_consumer")).isPositive();
    eventually().until(slowOutlet::isClosed);
    assertThat(slowOutlet.data("m")).isEmpty();
    assertThat(hub.stats().totalConnections()).isEqualTo(1);
    assertThat(
            meters
                .get("realtime.connections.closed")
                .tag("reason", "slow_consumer")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void dropOldestKeepsTheConnectionAndCountsDrops() {
    Hub hub = hub(SlowConsumerPolicy.DROP_OLDEST);
    RecordingOutlet outlet = RecordingOutlet.stalledOutlet();
    Connection c = openStalled(hub, "r", outlet);

    broadcastPayloads(hub, 100);

    // The connection's loop queues the frames behind the stalled write, dropping the oldest.
    long frameSize = SseEncoder.encode(Message.of("m", payload(0))).size;
    // (the retry hint queued at open may be among the dropped)
    eventually().until(() -> dropped("drop_oldest") + c.queuedBytes() / frameSize >= 100);
    assertThat(c.isOpen()).isTrue();
    assertThat(c.queuedBytes()).isLessThanOrEqualTo(2048);
    assertThat(dropped("drop_oldest")).isPositive();

    outlet.resume();

    eventually().until(() -> outlet.data("m").contains(payload(99)));
    List<String> got = outlet.data("m");
    assertThat(got).hasSizeLessThan(100).isSorted();
    assertThat(got).last().isEqualTo(payload(99));
    assertThat(got.size() + dropped("drop_oldest")).isGreaterThanOrEqualTo(100);
    assertThat(c.isOpen()).isTrue();
    assertThat(listener.closed).isEmpty();
  }

  @Test
  void latestPerKeyDeliversOnlyTheNewestValuePerKey() {
    Hub hub = hub(SlowConsumerPolicy.LATEST_PER_KEY);
    RecordingOutlet outlet = RecordingOutlet.stalledOutlet();
    Connection c = openStalled(hub, "prices", outlet);
    String[] keys = {"ACME", "INIT", "GLOBX", "UMBR", "WAYN"};

    for (int v = 0; v < 40; v++) {
      for (String k : keys) {
        hub.broadcast(
            "prices", Message.builder().event("price").data(k + "=" + v).coalescingKey(k).build());
      }
    }

    // Each newer value replaced the queued one in place.
    eventually().until(() -> dropped("coalesced") == 5.0 * 39);
    assertThat(c.isOpen()).isTrue();

    outlet.resume();

    eventually().until(() -> outlet.data("price").size() == keys.length);
    Map<String, String> latest = new LinkedHashMap<>();
    for (String d : outlet.data("price")) {
      String[] kv = d.split("=");
      latest.put(kv[0], kv[1]);
    }
    assertThat(latest).containsOnlyKeys(keys);
    assertThat(latest.values()).containsOnly("39");
    // Replaced in place: the first-queued key's frame is still first.
    assertThat(outlet.data("price"))
        .containsExactly("ACME=39", "INIT=39", "GLOBX=39", "UMBR=39", "WAYN=39");
    assertThat(c.isOpen()).isTrue();
  }

  @Test
  void latestPerKeyFallsBackToDroppingOldestWhenKeysDoNotHelp() {
    Hub hub = hub(SlowConsumerPolicy.LATEST_PER_KEY);
    RecordingOutlet outlet = RecordingOutlet.stalledOutlet();
    Connection c = openStalled(hub, "r", outlet);

    broadcastPayloads(hub, 100);

    eventually().until(() -> dropped("coalesced") > 0);
    assertThat(c.isOpen()).isTrue();
    outlet.resume();
    eventually().until(() -> outlet.data("m").contains(payload(99)));
    assertThat(outlet.data("m")).isSorted().hasSizeLessThan(100);
  }

  @Test
  void aWriteThatThrowsClosesTheConnectionAsClientGoneAndFreesTheSlot() {
    Hub hub =
        hubs.start(
            TestHubs.builder(RealtimeConfig.builder().maxConnectionsPerResource(1).build())
                .meterRegistry(meters)
                .listener(listener));
    RecordingOutlet outlet = new RecordingOutlet();
    Connection c = hub.open(ConnectionRequest.builder("doctor-1").room("r").build(), outlet);
    eventually().until(() -> outlet.frames().size() == 1);

    outlet.failWith(new IOException("Broken pipe"));
    c.send(Message.of("x"));

    eventually().until(() -> listener.reasonOf(c) == CloseReason.CLIENT_GONE);
    eventually().until(outlet::isClosed);
    assertThat(c.isOpen()).isFalse();
    assertThat(hub.stats().totalConnections()).isZero();
    assertThat(hub.stats().roomCount()).isZero();
    assertThat(outlet.closeCalls()).isEqualTo(1);
    // The slot of the single-connection resource is free again.
    assertThat(hub.open(ConnectionRequest.of("doctor-1"), new RecordingOutlet()).isOpen()).isTrue();
  }

  @Test
  void aFailingFirstWriteAlsoFreesTheSlot() {
    Hub hub =
        hubs.start(
            TestHubs.builder(RealtimeConfig.builder().maxConnectionsPerResource(1).build())
                .listener(listener));
    RecordingOutlet outlet = new RecordingOutlet();
    outlet.failWith(new IOException("reset"));

    Connection c = hub.open(ConnectionRequest.of("doctor-1"), outlet);

    eventually().until(() -> listener.reasonOf(c) == CloseReason.CLIENT_GONE);
    eventually().until(outlet::isClosed);
    assertThat(hub.stats().totalConnections()).isZero();
    assertThat(hub.open(ConnectionRequest.of("doctor-1"), new RecordingOutlet()).isOpen()).isTrue();
  }
}
