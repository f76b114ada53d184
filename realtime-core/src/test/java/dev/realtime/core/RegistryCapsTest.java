package dev.realtime.core;

import static dev.realtime.core.TestHubs.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.realtime.CloseReason;
import dev.realtime.Connection;
import dev.realtime.ConnectionRejectedException;
import dev.realtime.ConnectionRejectedException.Reason;
import dev.realtime.ConnectionRequest;
import dev.realtime.Hub;
import dev.realtime.OverflowPolicy;
import dev.realtime.RealtimeConfig;
import dev.realtime.Stats;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegistryCapsTest {
  private final TestHubs hubs = new TestHubs();

  @AfterEach
  void closeHubs() {
    hubs.close();
  }

  @Test
  void capsHoldUnderConcurrentOpenAndCloseAndNoSlotLeaks() throws Exception {
    int perResource = 5;
    int maxTotal = 12;
    String[] resources = {"doctor-1", "doctor-2", "doctor-3"};
    Hub hub =
        hubs.start(
            RealtimeConfig.builder()
                .maxConnectionsPerResource(perResource)
                .maxConnections(maxTotal)
                .build());
    AtomicIntegerArray openPerResource = new AtomicIntegerArray(resources.length);
    AtomicInteger openTotal = new AtomicInteger();
    AtomicInteger maxSeenPerResource = new AtomicInteger();
    AtomicInteger maxSeenTotal = new AtomicInteger();
    AtomicInteger statsViolations = new AtomicInteger();
    AtomicLong accepted = new AtomicLong();
    AtomicLong rejected = new AtomicLong();
    int threads = 8;
    int iterations = 4_000;
    Concurrently.run(
        threads,
        () -> {
          ThreadLocalRandom rnd = ThreadLocalRandom.current();
          Deque<Connection> mine = new ArrayDeque<>();
          Deque<Integer> mineIdx = new ArrayDeque<>();
          for (int i = 0; i < iterations; i++) {
            if (!mine.isEmpty() && (mine.size() >= 3 || rnd.nextBoolean())) {
              // The test's count drops before the hub releases the slot: a lower bound.
              int r = mineIdx.removeFirst();
              openPerResource.decrementAndGet(r);
              openTotal.decrementAndGet();
              mine.removeFirst().close(CloseReason.CLIENT_GONE);
              continue;
            }
            int r = rnd.nextInt(resources.length);
            try {
              Connection c = hub.open(ConnectionRequest.of(resources[r]), new RecordingOutlet());
              accepted.incrementAndGet();
              // The test's count rises after the hub took the slot: a lower bound.
              maxSeenPerResource.accumulateAndGet(openPerResource.incrementAndGet(r), Math::max);
              maxSeenTotal.accumulateAndGet(openTotal.incrementAndGet(), Math::max);
              mine.addLast(c);
              mineIdx.addLast(r);
            } catch (ConnectionRejectedException e) {
              rejected.incrementAndGet();
              assertThat(e.reason()).isIn(Reason.RESOURCE_LIMIT, Reason.GLOBAL_LIMIT);
            }
            if (i % 64 == 0) {
              Stats s = hub.stats();
              if (s.totalConnections() > maxTotal
                  || s.connectionsPerResource().values().stream().anyMatch(n -> n > perResource)) {
                statsViolations.incrementAndGet();
              }
            }
          }
          while (!mine.isEmpty()) {
            int r = mineIdx.removeFirst();
            openPerResource.decrementAndGet(r);
            openTotal.decrementAndGet();
            mine.removeFirst().close(CloseReason.CLIENT_GONE);
          }
        });

    assertThat(accepted.get()).isPositive();
    assertThat(maxSeenPerResource.get()).isBetween(1, perResource);
    assertThat(maxSeenTotal.get()).isBetween(1, maxTotal);
    assertThat(statsViolations.get()).isZero();
    Stats s = hub.stats();
    assertThat(s.totalConnections()).isZero();
    assertThat(s.resourceCount()).isZero();
    assertThat(s.connectionsPerResource()).isEmpty();
    // Every slot is free again: the caps can be filled exactly once more.
    for (int i = 0; i < maxTotal; i++) {
      hub.open(ConnectionRequest.of(resources[i % resources.length]), new RecordingOutlet());
    }
    assertThat(hub.stats().totalConnections()).isEqualTo(maxTotal);
  }

  @Test
  void rejectNewNamesTheResourceAndTheCounts() {
    RecordingListener listener = new RecordingListener();
    Hub hub =
        hubs.start(
            TestHubs.builder(RealtimeConfig.builder().maxConnectionsPerResource(100).build())
                .listener(listener));
    for (int i = 0; i < 100; i++) {
      hub.open(ConnectionRequest.of("doctor-123"), new RecordingOutlet());
    }

    assertThatThrownBy(() -> hub.open(ConnectionRequest.of("doctor-123"), new RecordingOutlet()))
        .isInstanceOfSatisfying(
            ConnectionRejectedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.RESOURCE_LIMIT);
              assertThat(e.resource()).isEqualTo("doctor-123");
              assertThat(e.current()).isEqualTo(100);
              assertThat(e.limit()).isEqualTo(100);
            })
        .hasMessage("Connection limit reached for resource: doctor-123 (100/100)");

    assertThat(listener.rejected)
        .singleElement()
        .extracting(e -> e.reason())
        .isEqualTo(Reason.RESOURCE_LIMIT);
    assertThat(hub.stats().totalConnections()).isEqualTo(100);
    // Another resource is unaffected.
    assertThat(hub.open(ConnectionRequest.of("doctor-124"), new RecordingOutlet()).isOpen())
        .isTrue();
  }

  @Test
  void resourceNameInTheRejectionMessageIsEscaped() {
    Hub hub = hubs.start(RealtimeConfig.builder().maxConnectionsPerResource(1).build());
    String weird = "doc\u00e9\\x";
    hub.open(ConnectionRequest.of(weird), new RecordingOutlet());

    assertThatThrownBy(() -> hub.open(ConnectionRequest.of(weird), new RecordingOutlet()))
        .hasMessage("Connection limit reached for resource: doc\u00e9\\\\x (1/1)");
  }

  @Test
  void globalLimitRefusesWhateverTheResource() {
    Hub hub =
        hubs.start(RealtimeConfig.builder().maxConnectionsPerResource(2).maxConnections(3).build());
    hub.open(ConnectionRequest.of("a"), new RecordingOutlet());
    hub.open(ConnectionRequest.of("a"), new RecordingOutlet());
    Connection b = hub.open(ConnectionRequest.of("b"), new RecordingOutlet());

    assertThatThrownBy(() -> hub.open(ConnectionRequest.of("c"), new RecordingOutlet()))
        .isInstanceOfSatisfying(
            ConnectionRejectedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.GLOBAL_LIMIT);
              assertThat(e.resource()).isEqualTo("c");
              assertThat(e.current()).isEqualTo(3);
              assertThat(e.limit()).isEqualTo(3);
            })
        .hasMessageContaining("3/3");
    assertThat(hub.stats().connectionsPerResource()).doesNotContainKey("c");

    b.close(CloseReason.CLIENT_GONE);
    assertThat(hub.open(ConnectionRequest.of("c"), new RecordingOutlet()).isOpen()).isTrue();
  }

  @Test
  void evictOldestClosesTheOldestAndAcceptsTheNewOne() {
    RecordingListener listener = new RecordingListener();
    Hub hub =
        hubs.start(
            TestHubs.builder(
                    RealtimeConfig.builder()
                        .maxConnectionsPerResource(3)
                        .overflowPolicy(OverflowPolicy.EVICT_OLDEST)
                        .build())
                .listener(listener));
    RecordingOutlet oldestOutlet = new RecordingOutlet();
    Connection oldest = hub.open(ConnectionRequest.of("user-42"), oldestOutlet);
    Connection second = hub.open(ConnectionRequest.of("user-42"), new RecordingOutlet());
    Connection third = hub.open(ConnectionRequest.of("user-42"), new RecordingOutlet());

    Connection newest = hub.open(ConnectionRequest.of("user-42"), new RecordingOutlet());

    assertThat(newest.isOpen()).isTrue();
    assertThat(oldest.isOpen()).isFalse();
    assertThat(listener.reasonOf(oldest)).isEqualTo(CloseReason.EVICTED);
    assertThat(second.isOpen()).isTrue();
    assertThat(third.isOpen()).isTrue();
    assertThat(hub.stats().connectionsPerResource()).containsEntry("user-42", 3);
    assertThat(hub.stats().totalConnections()).isEqualTo(3);
    assertThat(hub.connection(oldest.id())).isEmpty();
    eventually().until(oldestOutlet::isClosed);

    // The next one evicts the next oldest.
    hub.open(ConnectionRequest.of("user-42"), new RecordingOutlet());
    assertThat(listener.reasonOf(second)).isEqualTo(CloseReason.EVICTED);
    assertThat(listener.rejected).isEmpty();
  }

  @Test
  void openAfterCloseIsRefusedAsShuttingDown() {
    RecordingListener listener = new RecordingListener();
    Hub hub = hubs.start(TestHubs.builder(RealtimeConfig.defaults()).listener(listener));
    hub.close();

    assertThatThrownBy(() -> hub.open(ConnectionRequest.of("doctor-1"), new RecordingOutlet()))
        .isInstanceOfSatisfying(
            ConnectionRejectedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.SHUTTING_DOWN);
              assertThat(e.resource()).isEqualTo("doctor-1");
            });
    assertThat(listener.rejected).hasSize(1);
  }

  @Test
  void tooManyRoomsInTheRequestIsRefusedWithoutTakingASlot() {
    Hub hub = hubs.start(RealtimeConfig.builder().maxRoomsPerConnection(2).build());
    ConnectionRequest req = ConnectionRequest.builder("r").room("a").room("b").room("c").build();

    assertThatThrownBy(() -> hub.open(req, new RecordingOutlet()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxRoomsPerConnection")
        .hasMessageContaining("2");
    assertThat(hub.stats().totalConnections()).isZero();
  }

  @Test
  void statsReportCapacityPerTheFieldGuideFormulas() {
    Hub hub =
        hubs.start(
            RealtimeConfig.builder()
                .maxConnectionsPerResource(4)
                .connectionTimeout(Duration.ofMinutes(30))
                .build());
    hub.open(ConnectionRequest.of("a"), new RecordingOutlet());
    hub.open(ConnectionRequest.of("a"), new RecordingOutlet());
    hub.open(ConnectionRequest.of("b"), new RecordingOutlet());

    Stats s = hub.stats();

    assertThat(s.totalConnections()).isEqualTo(3);
    assertThat(s.resourceCount()).isEqualTo(2);
    assertThat(s.maxConnectionsPerResource()).isEqualTo(4);
    assertThat(s.utilizationPercent()).isEqualTo(37.5);
    assertThat(s.capacityRemaining()).isEqualTo(5);
    assertThat(s.connectionTimeoutMillis()).isEqualTo(1_800_000);
    assertThat(s.connectionsPerResource())
        .containsOnly(java.util.Map.entry("a", 2), java.util.Map.entry("b", 1));
  }
}
