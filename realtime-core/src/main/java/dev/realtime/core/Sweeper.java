package dev.realtime.core;

import dev.realtime.CloseReason;
import dev.realtime.RealtimeConfig;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One thread for every connection's timers: each sweep sends heartbeat comments to quiet
 * connections and closes idle and expired ones. Time comes from the injected {@link Clock}, so
 * tests drive it with a fake clock instead of waiting for real minutes.
 */
final class Sweeper {
  private static final System.Logger LOG = System.getLogger(Sweeper.class.getName());
  private static final Frame HEARTBEAT = SseEncoder.comment("hb");

  private final DefaultHub hub;
  private final Clock clock;
  private final long heartbeatMillis;
  private final long idleMillis;
  private final long intervalMillis;
  private final ScheduledExecutorService executor;

  Sweeper(DefaultHub hub, Clock clock, RealtimeConfig config, String nodeId) {
    this.hub = hub;
    this.clock = clock;
    this.heartbeatMillis = config.heartbeatInterval().toMillis();
    this.idleMillis = config.idleTimeout().toMillis();
    this.intervalMillis = config.sweepInterval().toMillis();
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "realtime-sweeper-" + nodeId);
              t.setDaemon(true);
              return t;
            });
  }

  void start() {
    executor.scheduleWithFixedDelay(
        this::sweep, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
  }

  /** One pass over every connection. Never throws: a failure on one connection skips only it. */
  void sweep() {
    try {
      sweepAll();
    } catch (Throwable t) {
      // A scheduled task that throws is never run again: heartbeats and timeouts would stop.
      LOG.log(Level.ERROR, "Sweep failed; retrying at the next interval", t);
    }
  }

  private void sweepAll() {
    long now = clock.millis();
    hub.advanceCoarseNow(now);
    List<ConnectionImpl> quiet = new ArrayList<>();
    for (ConnectionImpl c : hub.registry().all()) {
      try {
        if (c.deadlineMillis > 0 && now >= c.deadlineMillis) {
          c.close(CloseReason.TIMEOUT);
        } else if (idleMillis > 0 && now - c.lastMessageAt >= idleMillis) {
          c.close(CloseReason.IDLE);
        } else if (heartbeatMillis > 0 && now - c.lastFrameAt >= heartbeatMillis) {
          quiet.add(c);
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Sweep failed for " + c + "; continuing with the others", e);
      }
    }
    if (!quiet.isEmpty()) {
      hub.loops().fanOut(hub.loops().partition(quiet), HEARTBEAT);
    }
  }

  void stop() throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }
}
