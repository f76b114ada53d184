package dev.realtime.core;

import static dev.realtime.core.TestHubs.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.realtime.CloseReason;
import dev.realtime.Connection;
import dev.realtime.ConnectionRejectedException;
import dev.realtime.ConnectionRequest;
import dev.realtime.Hub;
import dev.realtime.Message;
import dev.realtime.RealtimeConfig;
import dev.realtime.backplane.local.LocalBus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShutdownTest {
  private final TestHubs hubs = new TestHubs();
  private final RecordingListener listener = new RecordingListener();

  @AfterEach
  void closeHubs() {
    hubs.close();
  }

  private static List<String> realtimeThreads() {
    List<String> names = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && t.getName().startsWith("realtime-")) {
        names.add(t.getName());
      }
    }
    return names;
  }

  @Test
  void closeClosesEveryConnectionWithShutdownAndClosesTheOutlets() {
    Hub hub = hubs.start(TestHubs.builder(RealtimeConfig.defaults()).listener(listener));
    List<Connection> conns = new ArrayList<>();
    List<RecordingOutlet> outlets = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      RecordingOutlet o = i % 2 == 0 ? new RecordingOutlet() : RecordingOutlet.stalledOutlet();
      outlets.add(o);
      conns.add(hub.open(ConnectionRequest.builder("u" + i).room("r").build(), o));
    }
    hub.broadcast("r", Message.of("bye soon"));

    hub.close();

    assertThat(conns).allSatisfy(c -> assertThat(c.isOpen()).isFalse());
    assertThat(conns)
        .allSatisfy(c -> assertThat(listener.reasonOf(c)).isEqualTo(CloseReason.SHUTDOWN));
    // Outlets are closed by the drain threads before close() returns.
    assertThat(outlets).allSatisfy(o -> assertThat(o.closeCalls()).isEqualTo(1));
    assertThat(hub.stats().totalConnections()).isZero();
    assertThat(hub.stats().roomCount()).isZero();
  }

  /**
   * A listener that closes the hub when a client goes away runs on that client's write loop: the
   * close must not wait for its own thread (it would sit out the whole 5 s stop bound), and every
   * thread still ends.
   */
  @Test
  void aHubClosedFromAListenerOnItsOwnLoopStopsEveryThread() {
    java.util.concurrent.CompletableFuture<Long> closedAfterNanos =
        new java.util.concurrent.CompletableFuture<>();
    Hub[] hub = new Hub[1];
    hub[0] =
        hubs.start(
            TestHubs.builder(RealtimeConfig.builder().drainThreads(2).build())
                .listener(
                    new dev.realtime.HubListener() {
                      @Override
                      public void onClose(Connection c, CloseReason reason) {
                        if (reason == CloseReason.CLIENT_GONE) {
                          long start = System.nanoTime();
                          hub[0].close();
                          closedAfterNanos.complete(System.nanoTime() - start);
                        }
                      }
                    }));
    RecordingOutlet o = new RecordingOutlet();
    hub[0].open(ConnectionRequest.of("u"), o);
    o.failWith(new java.io.IOException("reset"));

    hub[0].broadcast("r", Message.of("x")); // not a member: nothing
    hub[0].sendToResource("u", Message.of("x")); // the write fails on the loop: CLIENT_GONE

    assertThat(closedAfterNanos)
        .succeedsWithin(Duration.ofSeconds(10))
        .satisfies(
            n ->
                assertThat(Duration.ofNanos(n))
                    .as("close did not wait out the stop bound for its own thread")
                    .isLessThan(Duration.ofSeconds(4)));
    eventually().until(() -> realtimeThreads().isEmpty());
  }

  @Test
  void openAfterCloseIsRefusedAndCloseIsIdempotent() {
    Hub hub = hubs.start(RealtimeConfig.defaults());
    hub.close();
    hub.close();

    assertThatThrownBy(() -> hub.open(ConnectionRequest.of("u1"), new RecordingOutlet()))
        .isInstanceOfSatisfying(
            ConnectionRejectedException.class,
            e ->
                assertThat(e.reason()).isEqualTo(ConnectionRejectedException.Reason.SHUTTING_DOWN));
  }

  @Test
  void connectionsAreClosedAtTheConfiguredRate() {
    Hub hub =
        hubs.start(
            TestHubs.builder(RealtimeConfig.builder().shutdownCloseRate(100).build())
                .listener(listener));
    for (int i = 0; i < 30; i++) {
      hub.open(ConnectionRequest.of("u" + i), new RecordingOutlet());
    }

    long start = System.nanoTime();
    hub.close();
    long elapsed = System.nanoTime() - start;

    // 100/s in ticks of 100 ms: 10, then 10 after 100 ms, then 10 after 200 ms.
    assertThat(Duration.ofNanos(elapsed)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
    assertThat(listener.closedAtNanos).hasSize(30);
    List<Long> times = new ArrayList<>(listener.closedAtNanos.values());
    Collections.sort(times);
    long spread = times.get(29) - times.get(0);
    assertThat(TimeUnit.NANOSECONDS.toMillis(spread)).isGreaterThanOrEqualTo(190);
    assertThat(listener.closed.values()).containsOnly(CloseReason.SHUTDOWN);
  }

  @Test
  void shutdownTimeoutClosesTheRestAtOnce() {
    Hub hub =
        hubs.start(
            TestHubs.builder(
                    RealtimeConfig.builder()
                        .shutdownCloseRate(10)
                        .shutdownTimeout(Duration.ZERO)
                        .build())
                .listener(listener));
    for (int i = 0; i < 30; i++) {
      hub.open(ConnectionRequest.of("u" + i), new RecordingOutlet());
    }

    hub.close();

    assertThat(listener.closed).hasSize(30);
    assertThat(listener.closed.values()).containsOnly(CloseReason.SHUTDOWN);
  }

  @Test
  void noRealtimeThreadIsAliveAfterClose() {
    LocalBus bus = new LocalBus();
    Hub a =
        hubs.start(
            TestHubs.builder(
                    RealtimeConfig.builder()
                        .drainThreads(3)
                        .sweepInterval(Duration.ofMillis(5))
                        .build())
                .backplane(bus.newBackplane()));
    Hub b = hubs.start(TestHubs.builder(RealtimeConfig.defaults()).backplane(bus.newBackplane()));
    RecordingOutlet o = new RecordingOutlet();
    b.open(ConnectionRequest.builder("u").room("r").build(), o);
    a.broadcast("r", Message.of("x"));
    eventually().until(() -> o.data("message").size() == 1);
    assertThat(realtimeThreads()).isNotEmpty();

    a.close();
    b.close();

    eventually().untilAsserted(() -> assertThat(realtimeThreads()).isEmpty());
  }
}
