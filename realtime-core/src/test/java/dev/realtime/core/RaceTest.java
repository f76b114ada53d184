package dev.realtime.core;

import static dev.realtime.core.TestHubs.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.CloseReason;
import dev.realtime.Connection;
import dev.realtime.ConnectionRejectedException;
import dev.realtime.ConnectionRejectedException.Reason;
import dev.realtime.ConnectionRequest;
import dev.realtime.Hub;
import dev.realtime.HubListener;
import dev.realtime.OverflowPolicy;
import dev.realtime.RealtimeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Interleavings of open, close and eviction that a single-threaded test never sees. */
class RaceTest {
  private final TestHubs hubs = new TestHubs();

  @AfterEach
  void closeHubs() {
    hubs.close();
  }

  /**
   * Opens race hub.close(): mostly refused at a full resource, sometimes accepted on a fresh one.
   * Whatever the interleaving, afterwards nothing is open, the counts are exactly zero, and the
   * outlet of a request refused at the cap was never touched by the hub (the transport still owns
   * it: it answers 429 on that response). The interleaving that matters is narrow, so the test runs
   * many short rounds and stops at the first one that goes wrong.
   */
  @Test
  void closeRacingOpensLeavesNoOpenConnectionAndExactCounts() throws Exception {
    int rounds = 150;
    int threads = 6;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < rounds; round++) {
        Hub hub =
            hubs.start(
                RealtimeConfig.builder()
                    .maxConnectionsPerResource(1)
                    .drainThreads(1)
                    .shutdownCloseRate(1_000_000)
                    .build());
        hub.open(ConnectionRequest.of("full"), new RecordingOutlet());
        List<Connection> accepted = new CopyOnWriteArrayList<>();
        List<RecordingOutlet> refusedAtTheCap = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger attempts = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int id = t;
          futures.add(
              pool.submit(
                  () -> {
                    int i = 0;
                    while (!stop.get()) {
                      attempts.incrementAndGet();
                      RecordingOutlet o = new RecordingOutlet();
                      String resource = (i++ % 8 == 0) ? "fresh-" + id + "-" + i : "full";
                      try {
                        accepted.add(hub.open(ConnectionRequest.of(resource), o));
                      } catch (ConnectionRejectedException e) {
                        if (e.reason() == Reason.RESOURCE_LIMIT) {
                          refusedAtTheCap.add(o);
                        } else if (e.reason() == Reason.SHUTTING_DOWN) {
                          return null;
                        }
                      }
                    }
                    return null;
                  }));
        }
        try {
          eventually().until(() -> attempts.get() > 300);
          hub.close();
        } finally {
          stop.set(true);
          for (Future<?> f : futures) {
            f.get(10, TimeUnit.SECONDS);
          }
        }

        String where = "round " + round;
        assertThat(hub.stats().totalConnections()).as(where + ": totalConnections").isZero();
        assertThat(hub.stats().connectionsPerResource())
            .as(where + ": connectionsPerResource")
            .isEmpty();
        assertThat(accepted).as(where).allSatisfy(c -> assertThat(c.isOpen()).isFalse());
        assertThat(refusedAtTheCap)
            .as(where + ": outlets of requests refused with RESOURCE_LIMIT")
            .allSatisfy(
                o -> {
                  assertThat(o.closeCalls()).as("close calls").isZero();
                  assertThat(o.writeCalls()).as("write calls").isZero();
                });
        hubs.close();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void onOpenIsNeverReportedAfterOnCloseForTheSameConnection() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    HubListener order =
        new HubListener() {
          @Override
          public void onOpen(Connection connection) {
            events.add("open " + connection.id());
          }

          @Override
          public void onClose(Connection connection, CloseReason reason) {
            events.add("close " + connection.id() + " " + reason);
          }
        };
    Hub hub =
        hubs.start(
            TestHubs.builder(
                    RealtimeConfig.builder()
                        .maxConnectionsPerResource(1)
                        .overflowPolicy(OverflowPolicy.EVICT_OLDEST)
                        .build())
                .listener(order));
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      // The thread opening the first connection is descheduled right after the registry took its
      // slot (modelled by the outlet's onWritable, which open() calls before onOpen); meanwhile
      // the same user reconnects and the newer connection evicts it.
      Map<String, Connection> second = new ConcurrentHashMap<>();
      RecordingOutlet firstOutlet =
          new RecordingOutlet() {
            @Override
            public void onWritable(Runnable callback) {
              super.onWritable(callback);
              if (second.isEmpty()) {
                Future<Connection> f =
                    other.submit(
                        () -> hub.open(ConnectionRequest.of("user-1"), new RecordingOutlet()));
                try {
                  second.put("c", f.get(10, TimeUnit.SECONDS));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }
            }
          };

      Connection first = hub.open(ConnectionRequest.of("user-1"), firstOutlet);

      assertThat(events).contains("close " + first.id() + " EVICTED");
      assertThat(events)
          .as("listener events for %s", first.id())
          .filteredOn(e -> e.contains(first.id()))
          .containsExactly("open " + first.id(), "close " + first.id() + " EVICTED");
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void drainsRunOnDrainThreadsEvenUnderHeavyChurn() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    Hub hub =
        hubs.start(
            RealtimeConfig.builder()
                .drainThreads(1)
                .maxConnections(4)
                .maxConnectionsPerResource(4)
                .build());
    // One client whose write is slow holds the only drain thread for a while.
    RecordingOutlet slow =
        new RecordingOutlet() {
          @Override
          public int write(java.nio.ByteBuffer[] frames, int offset, int length)
              throws java.io.IOException {
            entered.countDown();
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return super.write(frames, offset, length);
          }
        };
    List<RecordingOutlet> churned = new ArrayList<>();
    try {
      hub.open(ConnectionRequest.of("slow"), slow);
      eventually().until(() -> entered.getCount() == 0);
      // Meanwhile clients connect and drop at once, well within the connection cap.
      for (int i = 0; i < 150; i++) {
        RecordingOutlet o = new RecordingOutlet();
        churned.add(o);
        hub.open(ConnectionRequest.of("churn"), o).close(CloseReason.CLIENT_GONE);
      }
    } finally {
      release.countDown();
    }

    eventually().until(() -> churned.stream().allMatch(RecordingOutlet::isClosed));
    List<String> threads =
        churned.stream().flatMap(o -> o.writeThreads().stream()).distinct().toList();
    assertThat(threads)
        .as("threads that called Outlet.write")
        .allSatisfy(name -> assertThat(name).startsWith("realtime-drain-"));
  }
}
