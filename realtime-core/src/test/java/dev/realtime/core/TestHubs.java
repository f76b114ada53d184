package dev.realtime.core;

import static org.awaitility.Awaitility.await;

import dev.realtime.Hub;
import dev.realtime.RealtimeConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionFactory;

/** Builds hubs for a test and closes every one of them afterwards. */
final class TestHubs implements AutoCloseable {
  /**
   * The engine logs every refused connection at WARNING, which is what production wants and floods
   * test output when tests refuse thousands on purpose. Run with {@code -Drealtime.test.logs=true}
   * to see them. Held here so the logger (and its level) is not collected.
   */
  private static final java.util.logging.Logger ENGINE_LOG =
      java.util.logging.Logger.getLogger("dev.realtime");

  static {
    if (!Boolean.getBoolean("realtime.test.logs")) {
      ENGINE_LOG.setLevel(java.util.logging.Level.SEVERE);
    }
  }

  private final List<Hub> hubs = new ArrayList<>();

  /** A builder with its own meter registry and an empty environment. */
  static RealtimeHub.Builder builder(RealtimeConfig config) {
    return RealtimeHub.builder()
        .config(config)
        .meterRegistry(new SimpleMeterRegistry())
        .environment(Map.of());
  }

  /** Builds and remembers a hub, so {@link #close} closes it. */
  synchronized Hub start(RealtimeHub.Builder builder) {
    Hub hub = builder.build();
    hubs.add(hub);
    return hub;
  }

  Hub start(RealtimeConfig config) {
    return start(builder(config));
  }

  @Override
  public synchronized void close() {
    for (Hub hub : hubs) {
      hub.close();
    }
    hubs.clear();
  }

  /** Awaitility with a short poll interval and no initial delay, so tests stay fast. */
  static ConditionFactory eventually() {
    return await()
        .atMost(Duration.ofSeconds(10))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(2));
  }
}
