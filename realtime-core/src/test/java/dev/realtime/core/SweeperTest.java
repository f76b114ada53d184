package dev.realtime.core;

import static dev.realtime.core.TestHubs.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.CloseReason;
import dev.realtime.Connection;
import dev.realtime.ConnectionRequest;
import dev.realtime.Hub;
import dev.realtime.Message;
import dev.realtime.RealtimeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SweeperTest {
  private static final String HEARTBEAT = ": hb\n\n";

  private final TestHubs hubs = new TestHubs();
  private final MutableClock clock = new MutableClock();
  private final long t0 = clock.millis();
  private final RecordingListener listener = new RecordingListener();

  @AfterEach
  void closeHubs() {
    hubs.close();
  }

  private Hub hub(RealtimeConfig.Builder config) {
    return hubs.start(
        TestHubs.builder(config.sweepInterval(Duration.ofMillis(10)).build())
            .clock(clock)
            .listener(listener));
  }

  /** Moves the fake clock to {@code t0 + at} and waits until a whole sweep has run at that time. */
  private void sweepAt(Hub hub, Duration at) {
    DefaultHub h = (DefaultHub) hub;
    long target = t0 + at.toMillis();
    clock.set(target);
    eventually().until(() -> h.coarseNow() == target);
    // The sweep that saw target may still be running; the next one starts only after it ended.
    clock.set(target + 1);
    eventually().until(() -> h.coarseNow() == target + 1);
  }

  private static long heartbeats(RecordingOutlet o) {
    return o.frames().stream().filter(HEARTBEAT::equals).count();
  }

  /**
   * Moves the fake clock to {@code t0 + at} and waits for {@code o}'s {@code count}th heartbeat.
   */
  private void heartbeatAt(Duration at, RecordingOutlet o, long count) {
    clock.set(t0 + at.toMillis());
    eventually().until(() -> heartbeats(o) == count);
  }

  /** Sets the clock to {@code t0 + at} and waits until {@code c} was closed for {@code reason}. */
  private void closedAt(Duration at, Connection c, CloseReason reason) {
    clock.set(t0 + at.toMillis());
    eventually().until(() -> listener.reasonOf(c) == reason);
  }

  @Test
  void quietConnectionsGetAHeartbeatCommentEachInterval() {
    Hub hub =
        hub(
            RealtimeConfig.builder()
                .heartbeatInterval(Duration.ofSeconds(20))
                .idleTimeout(Duration.ZERO));
    RecordingOutlet o = new RecordingOutlet();
    hub.open(ConnectionRequest.of("u1"), o);
    eventually().until(() -> o.frames().size() == 1);

    sweepAt(hub, Duration.ofSeconds(19));
    assertThat(heartbeats(o)).isZero();

    heartbeatAt(Duration.ofSeconds(20), o, 1);
    assertThat(o.frames()).last().isEqualTo(HEARTBEAT);
    assertThat(o.events()).isEmpty();

    sweepAt(hub, Duration.ofSeconds(30));
    assertThat(heartbeats(o)).isEqualTo(1);

    heartbeatAt(Duration.ofSeconds(41), o, 2);
  }

  @Test
  void aConnectionThatJustGotAFrameGetsNoHeartbeat() {
    Hub hub = hub(RealtimeConfig.builder().heartbeatInterval(Duration.ofSeconds(20)));
    RecordingOutlet quiet = new RecordingOutlet();
    RecordingOutlet busy = new RecordingOutlet();
    hub.open(ConnectionRequest.of("u1"), quiet);
    Connection b = hub.open(ConnectionRequest.of("u2"), busy);

    sweepAt(hub, Duration.ofSeconds(15));
    b.send(Message.of("news"));
    heartbeatAt(Duration.ofSeconds(20), quiet, 1);
    sweepAt(hub, Duration.ofSeconds(25));

    assertThat(heartbeats(busy)).isZero();
    assertThat(busy.data("message")).containsExactly("news");
  }

  @Test
  void idleConnectionsAreClosedAndMessagesKeepThemOpen() {
    Hub hub =
        hub(
            RealtimeConfig.builder()
                .heartbeatInterval(Duration.ofSeconds(20))
                .idleTimeout(Duration.ofSeconds(5)));
    RecordingOutlet idleOutlet = new RecordingOutlet();
    Connection idle = hub.open(ConnectionRequest.of("u1"), idleOutlet);
    Connection active = hub.open(ConnectionRequest.of("u2"), new RecordingOutlet());

    sweepAt(hub, Duration.ofSeconds(3));
    active.send(Message.of("keep me"));
    sweepAt(hub, Duration.ofMillis(4_900));
    assertThat(idle.isOpen()).isTrue();

    closedAt(Duration.ofMillis(5_002), idle, CloseReason.IDLE);
    eventually().until(idleOutlet::isClosed);
    sweepAt(hub, Duration.ofSeconds(6));
    assertThat(active.isOpen()).isTrue();

    closedAt(Duration.ofMillis(8_100), active, CloseReason.IDLE);
    assertThat(hub.stats().totalConnections()).isZero();
  }

  @Test
  void heartbeatsDoNotCountAsActivityForTheIdleTimeout() {
    Hub hub =
        hub(
            RealtimeConfig.builder()
                .heartbeatInterval(Duration.ofSeconds(1))
                .idleTimeout(Duration.ofSeconds(5)));
    RecordingOutlet o = new RecordingOutlet();
    Connection c = hub.open(ConnectionRequest.of("u1"), o);

    for (int s = 1; s <= 4; s++) {
      sweepAt(hub, Duration.ofSeconds(s));
    }
    assertThat(heartbeats(o)).isGreaterThanOrEqualTo(3);
    assertThat(c.isOpen()).isTrue();

    closedAt(Duration.ofSeconds(5), c, CloseReason.IDLE);
  }

  @Test
  void connectionsAreClosedAtTheAbsoluteTimeout() {
    Hub hub =
        hub(
            RealtimeConfig.builder()
                .connectionTimeout(Duration.ofMinutes(1))
                .timeoutJitter(Duration.ZERO));
    RecordingOutlet o = new RecordingOutlet();
    Connection c = hub.open(ConnectionRequest.of("u1"), o);
    c.send(Message.of("activity does not extend the absolute timeout"));

    sweepAt(hub, Duration.ofSeconds(59));
    assertThat(c.isOpen()).isTrue();

    closedAt(Duration.ofSeconds(60), c, CloseReason.TIMEOUT);
    eventually().until(o::isClosed);
    assertThat(hub.stats().totalConnections()).isZero();
  }

  @Test
  void timeoutJitterSpreadsDeadlinesWithinTheJitterWindow() {
    Hub hub =
        hub(
            RealtimeConfig.builder()
                .connectionTimeout(Duration.ofMinutes(30))
                .timeoutJitter(Duration.ofMinutes(1)));
    List<Connection> conns = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      conns.add(hub.open(ConnectionRequest.of("u" + i), new RecordingOutlet()));
    }
    Set<Long> deadlines =
        conns.stream().map(c -> ((ConnectionImpl) c).deadlineMillis).collect(Collectors.toSet());
    assertThat(deadlines)
        .allSatisfy(
            d ->
                assertThat(d)
                    .isBetween(
                        t0 + Duration.ofMinutes(29).toMillis(),
                        t0 + Duration.ofMinutes(30).toMillis()));
    assertThat(deadlines).as("20 connections with a 1 min jitter").hasSizeGreaterThan(1);

    sweepAt(hub, Duration.ofMinutes(28).plusSeconds(59));
    assertThat(conns).allSatisfy(c -> assertThat(c.isOpen()).isTrue());

    clock.set(t0 + Duration.ofMinutes(30).toMillis());
    eventually().until(() -> conns.stream().noneMatch(Connection::isOpen));
    assertThat(conns)
        .allSatisfy(c -> assertThat(listener.reasonOf(c)).isEqualTo(CloseReason.TIMEOUT));
  }

  @Test
  void zeroConnectionTimeoutMeansNoAbsoluteTimeout() {
    Hub hub =
        hub(RealtimeConfig.builder().connectionTimeout(Duration.ZERO).timeoutJitter(Duration.ZERO));
    Connection c = hub.open(ConnectionRequest.of("u1"), new RecordingOutlet());

    sweepAt(hub, Duration.ofDays(3));

    assertThat(c.isOpen()).isTrue();
  }
}
