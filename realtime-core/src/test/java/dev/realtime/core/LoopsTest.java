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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Connections pinned to loops: order per connection, one thread per outlet, gathered bursts. */
class LoopsTest {
  private final TestHubs hubs = new TestHubs();

  @AfterEach
  void closeHubs() {
    hubs.close();
  }

  private Hub hub(int loops) {
    return hubs.start(
        RealtimeConfig.builder()
            .drainThreads(loops)
            .clientRetry(Duration.ZERO)
            .maxConnectionsPerResource(1000)
            .maxConnections(1000)
            .build());
  }

  /**
   * While a loop is busy, broadcasts to the same room wait together; the loop then writes them to
   * each member in one gathering write, in order.
   */
  @Test
  void broadcastsWaitingTogetherGoOutInOneGatheringWritePerMember() throws Exception {
    Hub hub = hub(1);
    CallsOutlet holding = new CallsOutlet();
    CallsOutlet other = new CallsOutlet();
    holding.holdFirstWrite();
    hub.open(ConnectionRequest.builder("u").room("r").build(), holding);
    hub.open(ConnectionRequest.builder("u").room("r").build(), other);

    hub.broadcast("r", Message.of("first"));
    assertThat(holding.entered.await(10, TimeUnit.SECONDS)).as("the loop is in a write").isTrue();
    List<String> burst = IntStream.range(0, 10).mapToObj(i -> "b" + i).toList();
    burst.forEach(b -> hub.broadcast("r", Message.of(b)));
    holding.release.countDown();

    eventually().until(() -> other.frames().size() == 11 && holding.frames().size() == 11);
    for (CallsOutlet o : List.of(holding, other)) {
      assertThat(o.calls()).hasSize(2);
      assertThat(o.calls().get(0)).containsExactly("first");
      assertThat(o.calls().get(1)).containsExactlyElementsOf(burst);
    }
  }

  /**
   * Broadcasts to the same room that arrive while the loop is part-way through the room join the
   * frames being written, from the next check on: the members not yet reached get everything in one
   * write, the members already done get the newcomers next. Nobody misses a frame or gets one out
   * of order.
   */
  @Test
  void broadcastsArrivingMidFanOutJoinIt() throws Exception {
    Hub hub = hub(1);
    int members = Loops.CHECK * 3;
    AtomicInteger writes = new AtomicInteger();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<CallsOutlet> outlets = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      CallsOutlet o = new CallsOutlet();
      // The write to the member at position CHECK / 2 of the first broadcast holds the loop.
      o.onWrite =
          () -> {
            if (writes.incrementAndGet() == Loops.CHECK / 2) {
              entered.countDown();
              CallsOutlet.await(release);
            }
          };
      outlets.add(o);
      hub.open(ConnectionRequest.builder("u").room("r").build(), o);
    }

    hub.broadcast("r", Message.of("first"));
    assertThat(entered.await(10, TimeUnit.SECONDS)).as("the loop is in the room").isTrue();
    List<String> late = IntStream.range(0, 5).mapToObj(i -> "late" + i).toList();
    late.forEach(b -> hub.broadcast("r", Message.of(b)));
    release.countDown();

    List<String> all = new ArrayList<>(List.of("first"));
    all.addAll(late);
    for (CallsOutlet o : outlets) {
      eventually().until(() -> o.frames().size() == all.size());
      assertThat(o.frames()).containsExactlyElementsOf(all);
      assertThat(o.calls()).hasSizeBetween(1, 2);
    }
    long joined = outlets.stream().filter(o -> o.calls().size() == 1).count();
    assertThat(joined)
        .as("members after the first check past the hold get one write of everything")
        .isEqualTo(members - (long) Loops.CHECK);
  }

  /**
   * A loop that cannot keep up holds at most one connection's queue budget of waiting frames; the
   * oldest beyond it are shed and each member is treated as a slow consumer: DROP_OLDEST counts
   * them and delivers the newest, DISCONNECT closes the member (it reconnects and catches up).
   */
  @ParameterizedTest
  @EnumSource(
      value = SlowConsumerPolicy.class,
      names = {"DROP_OLDEST", "DISCONNECT"})
  void aLoopThatFallsBehindShedsItsOldestBroadcastsUnderThePolicy(SlowConsumerPolicy policy)
      throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    RecordingListener listener = new RecordingListener();
    Hub hub = hubs.start(oneLoop(policy).meterRegistry(meters).listener(listener));
    CallsOutlet holding = new CallsOutlet();
    holding.holdFirstWrite();
    hub.open(ConnectionRequest.builder("g").room("gate").build(), holding);
    CallsOutlet member = new CallsOutlet();
    Connection c = hub.open(ConnectionRequest.builder("m").room("r").build(), member);
    hub.broadcast("gate", Message.of("hold"));
    assertThat(holding.entered.await(10, TimeUnit.SECONDS)).as("the loop is in a write").isTrue();

    // 308-byte frames: FIT fill the loop's backlog, each one after it sheds the oldest.
    List<String> sent = IntStream.range(0, FIT + 6).mapToObj(LoopsTest::data).toList();
    sent.forEach(d -> hub.broadcast("r", Message.of(d)));
    holding.release.countDown();

    if (policy == SlowConsumerPolicy.DROP_OLDEST) {
      eventually().until(() -> member.frames().size() == FIT);
      assertThat(member.frames()).containsExactlyElementsOf(sent.subList(6, FIT + 6));
      assertThat(dropped(meters, "drop_oldest")).isEqualTo(6.0);
      assertThat(c.isOpen()).isTrue();
    } else {
      eventually().until(() -> listener.reasonOf(c) == CloseReason.SLOW_CONSUMER);
      assertThat(dropped(meters, "slow_consumer")).isEqualTo(1.0); // then it left the room
      eventually().until(() -> dropped(meters, "closed") == FIT); // the ones still waiting
      assertThat(member.frames()).isEmpty();
    }
  }

  /**
   * Under LATEST_PER_KEY a loop over its backlog replaces the newest waiting frame of the same key
   * in place instead of shedding: each key still ends on its latest value, in order.
   */
  @Test
  void aLoopBehindUnderLatestPerKeyReplacesTheNewestWaitingFrameOfTheKey() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Hub hub = hubs.start(oneLoop(SlowConsumerPolicy.LATEST_PER_KEY).meterRegistry(meters));
    CallsOutlet holding = new CallsOutlet();
    holding.holdFirstWrite();
    hub.open(ConnectionRequest.builder("g").room("gate").build(), holding);
    CallsOutlet member = new CallsOutlet();
    hub.open(ConnectionRequest.builder("m").room("r").build(), member);
    hub.broadcast("gate", Message.of("hold"));
    assertThat(holding.entered.await(10, TimeUnit.SECONDS)).as("the loop is in a write").isTrue();

    // Keys k0, k1 alternating, 308-byte frames: FIT wait, then each replaces its key's newest.
    int last = FIT + 5;
    for (int i = 0; i <= last; i++) {
      hub.broadcast("r", Message.builder().data(data(i)).coalescingKey("k" + (i % 2)).build());
    }
    holding.release.countDown();

    eventually().until(() -> member.frames().size() == FIT);
    List<String> expected = new ArrayList<>();
    IntStream.range(0, FIT - 2).forEach(i -> expected.add(data(i)));
    // The last two waiting (one of each key) took the newest value of their key.
    int lastOfSecondToLast = (FIT - 2) % 2 == last % 2 ? last : last - 1;
    expected.add(data(lastOfSecondToLast));
    expected.add(data(lastOfSecondToLast == last ? last - 1 : last));
    assertThat(member.frames()).containsExactlyElementsOf(expected);
    assertThat(dropped(meters, "coalesced")).isEqualTo(6.0);
  }

  /** One loop, 512-byte messages, 1,536-byte queues, no retry hint. */
  static RealtimeHub.Builder oneLoop(SlowConsumerPolicy policy) {
    return TestHubs.builder(
        RealtimeConfig.builder()
            .drainThreads(1)
            .clientRetry(Duration.ZERO)
            .maxMessageBytes(512)
            .maxQueuedBytesPerConnection(1536)
            .slowConsumerPolicy(policy)
            .build());
  }

  /** Frames of a loop's full backlog: 308 bytes each ("data: " + 300 + blank line). */
  private static final int FIT = Loops.BACKLOG_CONNECTIONS * 1536 / 308;

  /** 300 characters starting with a 3-digit sequence number. */
  private static String data(int i) {
    return String.format("%03d", i) + "x".repeat(297);
  }

  private static double dropped(SimpleMeterRegistry meters, String reason) {
    var counter = meters.find("realtime.messages.dropped").tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  /**
   * One thread sends to a connection through every route (two rooms, its resource, itself): the
   * connection receives everything in the order it was sent, because every route goes through the
   * connection's one loop.
   */
  @Test
  void aConnectionReceivesOnePublishersFramesInOrderWhateverTheRoute() {
    Hub hub = hub(3);
    List<CallsOutlet> outlets = new ArrayList<>();
    List<Connection> connections = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      CallsOutlet o = new CallsOutlet();
      outlets.add(o);
      connections.add(hub.open(ConnectionRequest.builder("res").room("a").room("b").build(), o));
    }
    Connection target = connections.get(3);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      String s = "m" + i;
      sent.add(s);
      switch (i % 4) {
        case 0 -> hub.broadcast("a", Message.of(s));
        case 1 -> hub.broadcast("b", Message.of(s));
        case 2 -> hub.sendToResource("res", Message.of(s));
        default -> target.send(Message.of(s));
      }
    }

    CallsOutlet onTarget = outlets.get(3);
    eventually().until(() -> onTarget.frames().size() == sent.size());
    assertThat(onTarget.frames()).containsExactlyElementsOf(sent);
    for (CallsOutlet o : outlets) {
      eventually().until(() -> o.frames().size() == (o == onTarget ? 400 : 300));
      assertThat(o.threads).as("one loop writes to an outlet").hasSize(1);
      assertThat(o.threads.iterator().next()).startsWith("realtime-drain-");
    }
  }
}
