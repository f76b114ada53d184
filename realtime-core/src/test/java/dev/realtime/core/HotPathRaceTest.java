package dev.realtime.core;

import static dev.realtime.core.TestHubs.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.CloseReason;
import dev.realtime.Connection;
import dev.realtime.ConnectionRequest;
import dev.realtime.Hub;
import dev.realtime.Message;
import dev.realtime.RealtimeConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The broadcast hot path under concurrency: drains handed to the pool in batches (rooms larger than
 * a splice), several broadcasting threads, and closes racing the broadcasts.
 */
class HotPathRaceTest {
  private static final int MEMBERS = 2 * 512 + 17; // members on every loop, groups of odd sizes
  private final TestHubs hubs = new TestHubs();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @AfterEach
  void closeHubs() {
    hubs.close();
  }

  private Hub hub() {
    return hubs.start(
        TestHubs.builder(
                RealtimeConfig.builder()
                    .maxConnectionsPerResource(MEMBERS)
                    .shutdownCloseRate(1_000_000)
                    .build())
            .meterRegistry(meters));
  }

  private List<RecordingOutlet> openRoom(Hub hub, String room) {
    List<RecordingOutlet> outlets = new ArrayList<>();
    for (int i = 0; i < MEMBERS; i++) {
      RecordingOutlet o = new RecordingOutlet();
      hub.open(ConnectionRequest.builder("u").room(room).build(), o);
      outlets.add(o);
    }
    return outlets;
  }

  /**
   * Four threads broadcast to one room at once. Every member gets every message exactly once, each
   * producer's messages in the order it sent them, from one drain at a time; the write counter
   * equals the outlets' write calls.
   */
  @Test
  void manyProducersReachEveryMemberOnceInOrderWithOneDrainAtATime() throws Exception {
    Hub hub = hub();
    List<RecordingOutlet> outlets = openRoom(hub, "big");
    int producers = 4;
    int perProducer = 50;
    AtomicInteger ids = new AtomicInteger();
    Concurrently.run(
        producers,
        () -> {
          int p = ids.getAndIncrement();
          for (int i = 0; i < perProducer; i++) {
            hub.broadcast("big", Message.of("m", p + ":" + i));
          }
        });

    int total = producers * perProducer;
    eventually().until(() -> outlets.stream().allMatch(o -> o.data("m").size() == total));
    for (RecordingOutlet o : outlets) {
      List<String> got = o.data("m");
      assertThat(got).doesNotHaveDuplicates();
      for (int p = 0; p < producers; p++) {
        String prefix = p + ":";
        List<Integer> seq =
            got.stream()
                .filter(d -> d.startsWith(prefix))
                .map(d -> Integer.parseInt(d.substring(prefix.length())))
                .toList();
        assertThat(seq).isSorted().hasSize(perProducer);
      }
      assertThat(o.overlappingCalls()).isZero();
    }
    int writeCalls = outlets.stream().mapToInt(RecordingOutlet::writeCalls).sum();
    eventually()
        .until(() -> meters.get("realtime.outbound.writes").counter().count() == writeCalls);
    assertThat(meters.get("realtime.messages.delivered").counter().count())
        .isEqualTo((double) total * MEMBERS);
  }

  /**
   * Single sends (one drain handed over at a time) from four threads to many connections, with one
   * and with three drain threads: the pool's wake-ups never strand a drain, and each sender's
   * messages arrive in order.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void singleSendsFromManyThreadsAllArriveWithAnyNumberOfDrainThreads(int drainThreads)
      throws Exception {
    Hub hub =
        hubs.start(
            TestHubs.builder(
                RealtimeConfig.builder()
                    .maxConnectionsPerResource(MEMBERS)
                    .drainThreads(drainThreads)
                    .build()));
    int connections = 64;
    List<RecordingOutlet> outlets = new ArrayList<>();
    List<Connection> opened = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      RecordingOutlet o = new RecordingOutlet();
      opened.add(hub.open(ConnectionRequest.of("u"), o));
      outlets.add(o);
    }
    int senders = 4;
    int perConnection = 25;
    AtomicInteger ids = new AtomicInteger();
    Concurrently.run(
        senders,
        () -> {
          int p = ids.getAndIncrement();
          for (int i = 0; i < perConnection; i++) {
            for (Connection c : opened) {
              c.send(Message.of("m", p + ":" + i));
            }
          }
        });

    for (RecordingOutlet o : outlets) {
      eventually().until(() -> o.data("m").size() == senders * perConnection);
      for (int p = 0; p < senders; p++) {
        String prefix = p + ":";
        assertThat(
                o.data("m").stream()
                    .filter(d -> d.startsWith(prefix))
                    .map(d -> Integer.parseInt(d.substring(prefix.length())))
                    .toList())
            .isSorted()
            .hasSize(perConnection);
      }
      assertThat(o.overlappingCalls()).isZero();
    }
  }

  /**
   * Members close while two threads broadcast to their room. Every outlet is closed exactly once,
   * never written after its close or concurrently, the survivors get everything, and nothing stays
   * queued.
   */
  @Test
  void closesRacingBroadcastsCloseEachOutletOnceAndStrandNothing() throws Exception {
    Hub hub = hub();
    List<RecordingOutlet> outlets = new ArrayList<>();
    List<Connection> connections = new ArrayList<>();
    for (int i = 0; i < MEMBERS; i++) {
      RecordingOutlet o = new ClosingAwareOutlet();
      connections.add(hub.open(ConnectionRequest.builder("u").room("r").build(), o));
      outlets.add(o);
    }
    int broadcasts = 40;
    AtomicInteger roles = new AtomicInteger();
    Concurrently.run(
        3,
        () -> {
          if (roles.getAndIncrement() == 0) {
            for (int i = 0; i < MEMBERS; i += 2) {
              connections.get(i).close(CloseReason.CLIENT_GONE);
            }
            return;
          }
          for (int i = 0; i < broadcasts; i++) {
            hub.broadcast("r", Message.of("m", "x" + i));
          }
        });

    for (int i = 0; i < MEMBERS; i++) {
      RecordingOutlet o = outlets.get(i);
      if (i % 2 == 0) {
        eventually().until(o::isClosed);
        assertThat(((ClosingAwareOutlet) o).writesAfterClose()).isZero();
      } else {
        eventually().until(() -> o.data("m").size() == 2 * broadcasts);
      }
      assertThat(o.overlappingCalls()).isZero();
    }
    eventually().until(() -> meters.get("realtime.outbound.queued.bytes").gauge().value() == 0.0);
    assertThat(outlets).allMatch(o -> o.closeCalls() <= 1);
  }

  /** Counts writes that reach the outlet after it was closed. */
  private static final class ClosingAwareOutlet extends RecordingOutlet {
    private final AtomicInteger afterClose = new AtomicInteger();

    @Override
    public int write(java.nio.ByteBuffer[] buffers, int offset, int length)
        throws java.io.IOException {
      if (isClosed()) {
        afterClose.incrementAndGet();
      }
      return super.write(buffers, offset, length);
    }

    int writesAfterClose() {
      return afterClose.get();
    }
  }
}
