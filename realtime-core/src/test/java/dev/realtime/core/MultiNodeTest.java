package dev.realtime.core;

import static dev.realtime.core.TestHubs.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.Connection;
import dev.realtime.ConnectionRequest;
import dev.realtime.Delivery;
import dev.realtime.DeliveryException;
import dev.realtime.Hub;
import dev.realtime.Message;
import dev.realtime.RealtimeConfig;
import dev.realtime.backplane.local.LocalBus;
import dev.realtime.spi.BackplaneState;
import dev.realtime.spi.Envelope;
import dev.realtime.spi.Target;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MultiNodeTest {
  private final TestHubs hubs = new TestHubs();
  private final LocalBus bus = new LocalBus();
  private final SimpleMeterRegistry metersA = new SimpleMeterRegistry();
  private final RecordingListener listenerA = new RecordingListener();
  private Hub a;
  private Hub b;
  private Hub c;

  @BeforeEach
  void startNodes() {
    a =
        hubs.start(
            node("node-a", RealtimeConfig.defaults()).meterRegistry(metersA).listener(listenerA));
    b = hubs.start(node("node-b", RealtimeConfig.defaults()));
    c = hubs.start(node("node-c", RealtimeConfig.defaults()));
  }

  /** A builder for a hub called {@code id} on the shared bus. */
  private RealtimeHub.Builder node(String id, RealtimeConfig config) {
    return TestHubs.builder(config).nodeId(id).backplane(bus.newBackplane());
  }

  @AfterEach
  void closeHubs() {
    hubs.close();
  }

  private static Delivery join(CompletionStage<Delivery> stage) {
    return stage.toCompletableFuture().join();
  }

  private static RecordingOutlet member(Hub hub, String resource, String... rooms) {
    RecordingOutlet o = new RecordingOutlet();
    ConnectionRequest.Builder r = ConnectionRequest.builder(resource);
    for (String room : rooms) {
      r.room(room);
    }
    hub.open(r.build(), o);
    return o;
  }

  /**
   * Sends a message with data "fence" and the given event through {@code send} and waits until
   * {@code o} got it: the receiving node's bus thread is FIFO, so whatever was sent to that node
   * before the fence would have arrived by then.
   */
  private static void fence(
      Function<Message, CompletionStage<Delivery>> send, RecordingOutlet o, String event) {
    join(send.apply(Message.of(event, "fence")));
    eventually().until(() -> o.data(event).contains("fence"));
  }

  /** No local member, and the message went out on the bus. */
  private static void assertRemoteOnly(Delivery d) {
    assertThat(d.localRecipients()).isZero();
    assertThat(d.remotePublished()).isTrue();
  }

  @Test
  void broadcastReachesMembersOnEveryNodeExactlyOnce() {
    RecordingOutlet onA = member(a, "ua", "chat");
    RecordingOutlet onB1 = member(b, "ub1", "chat");
    RecordingOutlet onB2 = member(b, "ub2", "chat");
    RecordingOutlet onC = member(c, "uc", "chat");

    Delivery d = join(a.broadcast("chat", Message.of("say", "hi")));

    assertThat(d.localRecipients()).isEqualTo(1);
    assertThat(d.remotePublished()).isTrue();
    // A fence after the message: once it arrives anywhere, a duplicate of "hi" would have too.
    join(a.broadcast("chat", Message.of("say", "fence")));
    for (RecordingOutlet o : new RecordingOutlet[] {onA, onB1, onB2, onC}) {
      eventually().until(() -> o.data("say").contains("fence"));
      assertThat(o.data("say")).containsExactly("hi", "fence");
    }
  }

  @Test
  void aNodeIgnoresItsOwnEnvelopes() {
    RecordingOutlet onA = member(a, "ua", "chat");
    DefaultHub hubA = (DefaultHub) a;

    hubA.onEnvelope(Envelope.of("node-a", Target.room("chat"), Message.of("echo", "mine")));
    hubA.onEnvelope(Envelope.of("node-b", Target.room("chat"), Message.of("echo", "theirs")));

    eventually().until(() -> onA.data("echo").contains("theirs"));
    assertThat(onA.data("echo")).containsExactly("theirs");
  }

  @Test
  void anEnvelopeForATargetWithNoLocalMemberIsNotEvenEncoded() {
    RecordingOutlet onA = member(a, "ua", "chat");
    DefaultHub hubA = (DefaultHub) a;
    // Over this node's maxMessageBytes: encoding it here would fail and count a drop.
    Message tooBig = Message.of("big", "x".repeat(a.config().maxMessageBytes() + 1));

    hubA.onEnvelope(Envelope.of("node-b", Target.room("nobody-here"), tooBig));
    assertThat(droppedOnA("backplane")).isZero();

    hubA.onEnvelope(Envelope.of("node-b", Target.room("chat"), tooBig));
    assertThat(droppedOnA("backplane")).isEqualTo(1.0);
    hubA.onEnvelope(Envelope.of("node-b", Target.room("chat"), Message.of("big", "fits")));
    eventually().until(() -> onA.data("big").contains("fits"));
    assertThat(onA.data("big")).containsExactly("fits");
  }

  private double droppedOnA(String reason) {
    var counter = metersA.find("realtime.messages.dropped").tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void aNodeWithNoMemberInTheRoomReceivesNothing() {
    RecordingOutlet onB = member(b, "ub", "chat");
    RecordingOutlet onC = member(c, "uc", "elsewhere");
    long before = bus.deliveredCount();

    join(a.broadcast("chat", Message.of("say", "hi")));
    eventually().until(() -> onB.data("say").contains("hi"));
    // A fence to a room C is in: C's bus thread is FIFO, so "hi" would have arrived before it.
    fence(m -> a.broadcast("elsewhere", m), onC, "say");

    assertThat(onC.data("say")).containsExactly("fence");
    assertThat(bus.deliveredCount() - before).isEqualTo(2);
  }

  @Test
  void leavingTheLastLocalMemberStopsRemoteDelivery() {
    RecordingOutlet onB = member(b, "ub", "fence-room");
    Connection cb =
        b.open(ConnectionRequest.builder("ub2").room("chat").build(), new RecordingOutlet());
    b.leave(cb, "chat");
    long before = bus.deliveredCount();

    join(a.broadcast("chat", Message.of("say", "hi")));
    fence(m -> a.broadcast("fence-room", m), onB, "say");

    assertThat(bus.deliveredCount() - before).isEqualTo(1);
  }

  @Test
  void sendToResourceAcrossNodes() {
    RecordingOutlet onA = member(a, "doctor-123");
    RecordingOutlet onB = member(b, "doctor-123");
    RecordingOutlet other = member(b, "doctor-456");

    Delivery d = join(c.sendToResource("doctor-123", Message.of("queue", "next")));

    assertRemoteOnly(d);
    eventually().until(() -> onA.data("queue").size() == 1 && onB.data("queue").size() == 1);
    fence(m -> c.sendToResource("doctor-456", m), other, "queue");
    assertThat(other.data("queue")).containsExactly("fence");
    assertThat(onB.data("queue")).containsExactly("next");
  }

  @Test
  void sendToOneConnectionOnAnotherNode() {
    RecordingOutlet target = new RecordingOutlet();
    Connection onB = b.open(ConnectionRequest.of("u"), target);
    RecordingOutlet sibling = new RecordingOutlet();
    Connection siblingConn = b.open(ConnectionRequest.of("u"), sibling);

    Delivery d = join(a.send(onB.id(), Message.of("dm", "psst")));

    assertRemoteOnly(d);
    eventually().until(() -> target.data("dm").contains("psst"));
    fence(m -> a.send(siblingConn.id(), m), sibling, "dm");
    assertThat(sibling.data("dm")).containsExactly("fence");
    assertThat(target.data("dm")).containsExactly("psst");
  }

  @Test
  void sendToALocalConnectionDoesNotGoThroughTheBus() {
    RecordingOutlet o = new RecordingOutlet();
    Connection onA = a.open(ConnectionRequest.of("u"), o);
    long before = bus.deliveredCount();

    Delivery d = join(a.send(onA.id(), Message.of("dm", "local")));

    assertThat(d).isEqualTo(new Delivery(1, false));
    eventually().until(() -> o.data("dm").contains("local"));
    assertThat(bus.deliveredCount()).isEqualTo(before);
  }

  @Test
  void backplaneOutageKeepsLocalDeliveryAndFailsTheRemotePart() throws Exception {
    RecordingOutlet onA1 = member(a, "ua1", "chat");
    RecordingOutlet onA2 = member(a, "ua2", "chat");
    RecordingOutlet onB = member(b, "ub", "chat");

    bus.setDown(true);
    eventually().until(() -> a.stats().backplaneState() == BackplaneState.DOWN);
    assertThat(a.backplaneHealth().isUp()).isFalse();
    eventually().until(() -> listenerA.states.contains(BackplaneState.DOWN));

    CompletableFuture<Delivery> stage =
        a.broadcast("chat", Message.of("say", "during outage")).toCompletableFuture();

    assertThat(stage).failsWithin(Duration.ofSeconds(5));
    Throwable failure = null;
    try {
      stage.get();
    } catch (ExecutionException e) {
      failure = e.getCause();
    }
    assertThat(failure).isInstanceOf(DeliveryException.class);
    assertThat(((DeliveryException) failure).localRecipients()).isEqualTo(2);
    assertThat(failure).hasMessageContaining("local-bus");
    eventually().until(() -> onA1.data("say").contains("during outage"));
    eventually().until(() -> onA2.data("say").contains("during outage"));
    assertThat(
            metersA.get("realtime.messages.dropped").tag("reason", "backplane").counter().count())
        .isEqualTo(1.0);

    bus.setDown(false);

    for (RecordingOutlet o : new RecordingOutlet[] {onA1, onA2, onB}) {
      eventually().until(() -> o.data("realtime-gap").size() == 1);
    }
    eventually().until(() -> a.stats().backplaneState() == BackplaneState.RECOVERED);
    assertThat(onB.data("say")).isEmpty();
    Delivery after = join(a.broadcast("chat", Message.of("say", "after")));
    assertThat(after.remotePublished()).isTrue();
    eventually().until(() -> onB.data("say").contains("after"));
  }

  @Test
  void theGapEventNameIsConfigurable() {
    Hub d = hubs.start(node("node-d", RealtimeConfig.builder().gapEvent("resync").build()));
    RecordingOutlet o = member(d, "u", "chat");

    bus.setDown(true);
    bus.setDown(false);

    eventually().until(() -> o.data("resync").size() == 1);
    assertThat(o.data("realtime-gap")).isEmpty();
  }

  @Test
  void deliveredCountsRemoteRecipientsOnTheReceivingNode() {
    SimpleMeterRegistry metersD = new SimpleMeterRegistry();
    Hub d = hubs.start(node("node-d", RealtimeConfig.defaults()).meterRegistry(metersD));
    RecordingOutlet o1 = member(d, "u1", "chat");
    RecordingOutlet o2 = member(d, "u2", "chat");

    join(a.broadcast("chat", Message.of("say", "hi")));

    eventually().until(() -> o1.data("say").size() == 1 && o2.data("say").size() == 1);
    eventually().until(() -> metersD.get("realtime.messages.delivered").counter().count() == 2.0);
    assertThat(metersD.get("realtime.messages.published").counter().count()).isZero();
  }
}
