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
 * When several frames reach a connection in one gathering delivery and one of them overflows its
 * queue under DISCONNECT, the connection closes and every frame it never got is counted in
 * realtime.messages.dropped, the ones behind the overflow included (found in review: they were
 * neither written nor counted).
 */
class GatheredOverflowTest {
  private static final int BURST = 4;

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
                    .maxMessageBytes(1024)
                    .maxQueuedBytesPerConnection(2048)
                    .slowConsumerPolicy(SlowConsumerPolicy.DISCONNECT)
                    .build())
            .meterRegistry(meters));
  }

  private double dropped(String reason) {
    return meters.get("realtime.messages.dropped").tag("reason", reason).counter().count();
  }

  /**
   * The connection is already behind (a 1,000-byte frame queued behind a stalled write); four
   * 400-byte frames reach it in one gathered delivery (1,600 bytes, within what a loop may hold, so
   * the loop sheds nothing); the third overflows its 2,048-byte queue. Every frame it never got is
   * counted: the overflow as slow_consumer, the fourth and the queued ones as closed.
   */
  @Test
  void everyFrameOfAGatheredDeliveryIsCountedWhenTheQueueOverflows() throws Exception {
    Hub hub = hub();
    GateOutlet gate = new GateOutlet();
    hub.open(ConnectionRequest.builder("g").room("gate").build(), gate);
    RecordingOutlet slow = RecordingOutlet.stalledOutlet();
    hub.open(ConnectionRequest.builder("s").room("r").build(), slow);
    hub.broadcast("r", Message.of("y".repeat(990)));
    eventually().until(() -> slow.writeCalls() >= 1);

    // Hold the only loop so the burst waits together and is delivered in one gathering run.
    hub.broadcast("gate", Message.of("hold"));
    assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < BURST; i++) {
      hub.broadcast("r", Message.of(i + "-" + "x".repeat(390)));
    }
    gate.release.countDown();

    eventually().until(slow::isClosed);
    eventually()
        .untilAsserted(
            () -> {
              assertThat(dropped("slow_consumer")).isEqualTo(1.0);
              assertThat(dropped("closed"))
                  .as("the frame behind it and the 3 queued")
                  .isEqualTo(4.0);
            });
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
