package dev.realtime.bench.jmh;

import dev.realtime.Hub;
import dev.realtime.RealtimeConfig;
import dev.realtime.core.RealtimeHub;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;

/** Hubs configured for benchmarks: only the measured work runs, nothing on a timer. */
final class BenchHubs {
  private BenchHubs() {}

  /**
   * A hub on the local backplane with real Micrometer counters, default drain threads, no retry
   * frame, heartbeat or timeouts (nothing but the benchmark writes to the outlets), a sweep once a
   * minute (it walks every connection) and a shutdown that closes everything at once.
   */
  static Hub hub(int maxConnections, int maxPerResource) {
    RealtimeConfig config =
        RealtimeConfig.builder()
            .maxConnections(maxConnections)
            .maxConnectionsPerResource(maxPerResource)
            .connectionTimeout(Duration.ZERO)
            .heartbeatInterval(Duration.ZERO)
            .clientRetry(Duration.ZERO)
            .sweepInterval(Duration.ofMinutes(1))
            .shutdownCloseRate(1_000_000)
            .shutdownTimeout(Duration.ofSeconds(10))
            .build();
    return RealtimeHub.builder()
        .config(config)
        .meterRegistry(new SimpleMeterRegistry())
        .environment(Map.of())
        .nodeId("bench")
        .build();
  }

  /** A small JSON payload, the typical dashboard or queue update. */
  static String smallJson() {
    return "{\"doctor\":\"doctor-123\",\"waiting\":4,\"next\":\"A-17\"}";
  }

  /** A JSON payload of exactly {@code bytes} ASCII bytes, without line breaks. */
  static String json(int bytes) {
    StringBuilder sb = new StringBuilder(bytes).append("{\"rows\":[");
    for (int i = 0; sb.length() < bytes - 16; i++) {
      sb.append("{\"n\":").append(i).append("},");
    }
    while (sb.length() < bytes - 3) {
      sb.append(' ');
    }
    return sb.append("0]}").toString();
  }
}
