package dev.realtime.backplane.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.realtime.Message;
import dev.realtime.spi.Backplane;
import dev.realtime.spi.BackplaneState;
import dev.realtime.spi.Envelope;
import dev.realtime.spi.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalBusTest {
  private final LocalBus bus = new LocalBus();
  private final List<Backplane> started = new ArrayList<>();
  private final RecordingBackplaneListener l1 = new RecordingBackplaneListener();
  private final RecordingBackplaneListener l2 = new RecordingBackplaneListener();
  private Backplane n1;
  private Backplane n2;

  @BeforeEach
  void start() {
    n1 = start("n1", l1);
    n2 = start("n2", l2);
  }

  private Backplane start(String nodeId, RecordingBackplaneListener listener) {
    Backplane b = bus.newBackplane();
    b.start(nodeId, listener);
    started.add(b);
    return b;
  }

  @AfterEach
  void closeAll() {
    started.forEach(Backplane::close);
  }

  private static ConditionFactory eventually() {
    return await()
        .atMost(Duration.ofSeconds(10))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(2));
  }

  private static Envelope toRoom(String origin, String room, String data) {
    return Envelope.of(origin, Target.room(room), Message.of(data));
  }

  private static void published(java.util.concurrent.CompletionStage<Void> stage) {
    assertThat(stage.toCompletableFuture()).succeedsWithin(Duration.ofSeconds(5));
  }

  @Test
  void deliversOnlyRoutingKeysTheNodeIsInterestedIn() {
    n2.interest(Target.roomKey("wanted"), true);

    published(n1.publish(toRoom("n1", "unwanted", "no")));
    published(n1.publish(toRoom("n1", "wanted", "yes")));
    published(n1.publish(Envelope.of("n1", Target.resource("r1"), Message.of("no-resource"))));
    published(n1.publish(toRoom("n1", "wanted", "fence")));

    eventually().until(() -> l2.data().contains("fence"));
    assertThat(l2.data()).containsExactly("yes", "fence");
    assertThat(l2.envelopes.get(0).originNode()).isEqualTo("n1");
    assertThat(l2.envelopes.get(0).target()).isEqualTo(Target.room("wanted"));
    assertThat(bus.deliveredCount()).isEqualTo(2);
  }

  @Test
  void resourceAndNodeKeysAreRoutedLikeRooms() {
    n2.interest(Target.resourceKey("doctor-1"), true);
    n2.interest(Target.nodeKey("n2"), true);

    published(n1.publish(Envelope.of("n1", Target.resource("doctor-1"), Message.of("res"))));
    published(n1.publish(Envelope.of("n1", Target.connection("n2:7"), Message.of("conn"))));
    published(n1.publish(Envelope.of("n1", Target.connection("n3:7"), Message.of("not-mine"))));
    published(n1.publish(Envelope.of("n1", Target.resource("doctor-1"), Message.of("fence"))));

    eventually().until(() -> l2.data().contains("fence"));
    assertThat(l2.data()).containsExactly("res", "conn", "fence");
  }

  @Test
  void withdrawnInterestStopsDelivery() {
    n2.interest(Target.roomKey("r"), true);
    n2.interest(Target.roomKey("fence"), true);
    n2.interest(Target.roomKey("r"), false);

    published(n1.publish(toRoom("n1", "r", "gone")));
    published(n1.publish(toRoom("n1", "fence", "fence")));

    eventually().until(() -> l2.data().contains("fence"));
    assertThat(l2.data()).containsExactly("fence");
  }

  @Test
  void neverEchoesToThePublisher() {
    n1.interest(Target.roomKey("r"), true);
    n2.interest(Target.roomKey("r"), true);

    published(n1.publish(toRoom("n1", "r", "from-1")));
    published(n2.publish(toRoom("n2", "r", "from-2")));

    eventually().until(() -> l2.data().contains("from-1") && l1.data().contains("from-2"));
    // n1's queue is FIFO: an echo of from-1 published before from-2 would already be here.
    assertThat(l1.data()).containsExactly("from-2");
    assertThat(l2.data()).containsExactly("from-1");
  }

  @Test
  void keepsOrderPerPublisherAndDeliversOnTheNodesOwnThread() {
    n2.interest(Target.roomKey("r"), true);
    int count = 2_000;

    for (int i = 0; i < count; i++) {
      n1.publish(toRoom("n1", "r", Integer.toString(i)));
    }

    eventually().until(() -> l2.envelopes.size() == count);
    assertThat(l2.data()).isEqualTo(IntStream.range(0, count).mapToObj(Integer::toString).toList());
    assertThat(l2.threads).containsOnly("realtime-localbus-n2");
  }

  @Test
  void publishingCompletesWithoutWaitingForDelivery() {
    n2.interest(Target.roomKey("r"), true);

    CompletableFuture<Void> f = n1.publish(toRoom("n1", "r", "x")).toCompletableFuture();

    assertThat(f).isCompleted();
    eventually().until(() -> l2.envelopes.size() == 1);
  }

  @Test
  void closeStopsDeliveryAndLeavesTheBus() {
    n2.interest(Target.roomKey("r"), true);
    assertThat(bus.memberCount()).isEqualTo(2);

    n2.close();
    n2.close();

    assertThat(bus.memberCount()).isEqualTo(1);
    published(n1.publish(toRoom("n1", "r", "after-close")));
    assertThat(bus.deliveredCount()).isZero();
    assertThat(l2.envelopes).isEmpty();
    assertThat(n2.publish(toRoom("n2", "r", "x")).toCompletableFuture())
        .failsWithin(Duration.ofSeconds(1));
    eventually()
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.isAlive() && t.getName().equals("realtime-localbus-n2")));
  }

  @Test
  void outageFailsPublishesFastAndReportsDownThenRecovered() {
    n2.interest(Target.roomKey("r"), true);

    bus.setDown(true);
    bus.setDown(true);

    assertThat(bus.isDown()).isTrue();
    eventually().until(() -> l1.states.contains(BackplaneState.DOWN));
    eventually().until(() -> l2.states.contains(BackplaneState.DOWN));
    assertThat(n1.health().state()).isEqualTo(BackplaneState.DOWN);
    assertThat(n1.health().isUp()).isFalse();
    assertThat(n1.publish(toRoom("n1", "r", "lost")).toCompletableFuture())
        .failsWithin(Duration.ofSeconds(1))
        .withThrowableThat()
        .withMessageContaining("down");

    bus.setDown(false);

    eventually().until(() -> l1.states.size() == 2 && l2.states.size() == 2);
    assertThat(l1.states).containsExactly(BackplaneState.DOWN, BackplaneState.RECOVERED);
    assertThat(l2.states).containsExactly(BackplaneState.DOWN, BackplaneState.RECOVERED);
    assertThat(n1.health().state()).isEqualTo(BackplaneState.RECOVERED);
    assertThat(n1.health().isUp()).isTrue();
    published(n1.publish(toRoom("n1", "r", "back")));
    eventually().until(() -> l2.data().contains("back"));
    assertThat(l2.data()).containsExactly("back");
  }

  @Test
  void aNodeStartedDuringAnOutageReportsDown() {
    bus.setDown(true);
    RecordingBackplaneListener l3 = new RecordingBackplaneListener();

    Backplane n3 = start("n3", l3);

    assertThat(n3.health().state()).isEqualTo(BackplaneState.DOWN);
    bus.setDown(false);
    eventually().until(() -> l3.states.contains(BackplaneState.RECOVERED));
  }

  @Test
  void startingTwiceFails() {
    assertThatThrownBy(() -> n1.start("again", new RecordingBackplaneListener()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("n1");
  }

  @Test
  void publishingBeforeStartFails() {
    Backplane idle = bus.newBackplane();
    started.add(idle);

    assertThat(idle.publish(toRoom("x", "r", "x")).toCompletableFuture())
        .failsWithin(Duration.ofSeconds(1));
    assertThat(idle.name()).isEqualTo("local-bus");
  }
}
