package dev.realtime.core;

import static dev.realtime.core.TestHubs.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.CloseReason;
import dev.realtime.Connection;
import dev.realtime.ConnectionRequest;
import dev.realtime.Hub;
import dev.realtime.RealtimeConfig;
import dev.realtime.backplane.local.LocalBackplane;
import dev.realtime.spi.BackplaneHealth;
import dev.realtime.spi.BackplaneListener;
import dev.realtime.spi.Envelope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Faults in collaborators (backplane, clock) never leak slots or stop the engine's threads. */
class FailureIsolationTest {
  private final TestHubs hubs = new TestHubs();

  @AfterEach
  void close() {
    hubs.close();
  }

  @Test
  void aBackplaneWhoseInterestThrowsNeitherLeaksSlotsNorLeavesConnectionsHalfClosed() {
    Hub hub =
        hubs.start(
            TestHubs.builder(
                    RealtimeConfig.builder().maxConnectionsPerResource(3).maxConnections(3).build())
                .backplane(new ThrowingInterestBackplane()));

    for (int round = 0; round < 10; round++) {
      RecordingOutlet outlet = new RecordingOutlet();
      Connection c = hub.open(ConnectionRequest.builder("u" + round).room("r").build(), outlet);
      hub.join(c, "other");
      c.close(CloseReason.SERVER);
      eventually().until(outlet::isClosed);
    }

    assertThat(hub.stats().totalConnections()).isZero();
    assertThat(hub.stats().roomCount()).isZero();
    assertThat(hub.stats().connectionsPerResource()).isEmpty();
  }

  @Test
  void aClockThatThrowsOnceDoesNotStopTheSweeper() {
    FlakyClock clock = new FlakyClock();
    Hub hub =
        hubs.start(
            TestHubs.builder(
                    RealtimeConfig.builder()
                        .sweepInterval(Duration.ofMillis(5))
                        .heartbeatInterval(Duration.ofSeconds(20))
                        .build())
                .clock(clock));
    RecordingOutlet outlet = new RecordingOutlet();
    hub.open(ConnectionRequest.of("u"), outlet);

    clock.failNext.set(true);
    eventually().until(() -> !clock.failNext.get());
    clock.now = clock.now.plusSeconds(21);

    eventually().until(() -> outlet.frames().stream().anyMatch(f -> f.startsWith(": hb")));
  }

  private static final class ThrowingInterestBackplane extends DelegatingBackplane {
    @Override
    public void interest(String routingKey, boolean interested) {
      throw new IllegalStateException("subscription refused for " + routingKey);
    }
  }

  /** Single-node behaviour from {@link LocalBackplane}; subclasses override what they break. */
  private static class DelegatingBackplane implements dev.realtime.spi.Backplane {
    private final LocalBackplane delegate = new LocalBackplane();

    @Override
    public String name() {
      return "test";
    }

    @Override
    public void start(String nodeId, BackplaneListener listener) {
      delegate.start(nodeId, listener);
    }

    @Override
    public CompletionStage<Void> publish(Envelope envelope) {
      return delegate.publish(envelope);
    }

    @Override
    public void interest(String routingKey, boolean interested) {
      delegate.interest(routingKey, interested);
    }

    @Override
    public BackplaneHealth health() {
      return delegate.health();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  private static final class FlakyClock extends Clock {
    final AtomicBoolean failNext = new AtomicBoolean();
    volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public long millis() {
      if (failNext.compareAndSet(true, false)) {
        throw new IllegalStateException("clock failure");
      }
      return now.toEpochMilli();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
