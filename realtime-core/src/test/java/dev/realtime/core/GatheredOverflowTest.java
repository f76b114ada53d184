package dev.realtime.core;

import static dev.realtime.core.TestHubs.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.ConnectionRequest;
import dev.realtime.Hub;
import dev.realtime.Message;
import dev.realtime.RealtimeConfig;
import dev.realtime.SlowConsumerPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When several frames reach a connection in one gathering delivery (a burst that waited for its
 * loop) and one of them overflows its queue under DISCONNECT, the connection closes and every frame
 * it never got is counted in realtime.messages.dropped, the ones behind the overflow included
 * (found in review: they were neither written nor counted). Both ways into the queue: the write
 * took nothing (fast path) and the connection was already behind (backlog path).
 */
class GatheredOverflowTest {
  private static final int BURST = 10;

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
                    .drainThreads(1)
                    .clientRetry(Duration.ZERO)
                    .maxConnectionsPerResource(100)
                    .maxConnections(100)
                    .maxMessageBytes(512)
                    .maxQueuedBytesPerConnection(2048)
                    .slowConsumerPolicy(SlowConsumerPolicy.DISCONNECT)
                    .build())
            .meterRegistry(meters));
  }

  private double dropped(String reason) {
    return meters.get("realtime.messages.dropped").tag("reason", reason).counter().count();
  }

  /** Fast path: nothing queued yet, the gathered write takes nothing, the holds overflow. */
  @Test
  void everyFrameOfAGatheredDeliveryIsCountedWhenTheQueueOverflows_fastPath() throws Exception {
    run(false);
  }

  /** Backlog path: the connection is already behind, the gathered frames are held one by one. */
  @Test
  void everyFrameOfAGatheredDeliveryIsCountedWhenTheQueueOverflows_backlogPath() throws Exception {
    run(true);
  }

  private void run(boolean behindFirst) throws Exception {
    Hub hub = hub();
    GateOutlet gate = new GateOutlet();
    hub.open(ConnectionRequest.builder("g").room("gate").build(), gate);
    RecordingOutlet slow = RecordingOutlet.stalledOutlet();
    hub.open(ConnectionRequest.builder("s").room("r").build(), slow);

    if (behindFirst) {
      hub.broadcast("r", Message.of("x".repeat(10)));
      eventually().until(() -> slow.writeCalls() >= 1);
    }
    double before = dropped("slow_consumer") + dropped("closed");

    // Hold the only loop so the burst waits together and is delivered in one gathering run.
    hub.broadcast("gate", Message.of("hold"));
    assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < BURST; i++) {
      hub.broadcast("r", Message.of(i + "-" + "x".repeat(490)));
    }
    gate.release.countDown();

    eventually().until(slow::isClosed);
    // every frame of the burst (and the earlier small one if any) was handed over and never
    // written: each must be counted once as dropped
    int expected = BURST + (behindFirst ? 1 : 0);
    eventually()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThat(dropped("slow_consumer") + dropped("closed") - before)
                    .as("slow_consumer + closed drops for %s frames never written", expected)
                    .isEqualTo((double) expected));
    assertThat(slow.frames()).isEmpty();
  }

  /** Holds the loop in its first write until released. */
  private static final class GateOutlet extends RecordingOutlet {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean first = true;

    @Override
    public int write(ByteBuffer[] frames, int offset, int length) throws IOException {
      if (first) {
        first = false;
        entered.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return super.write(frames, offset, length);
    }
  }
}
