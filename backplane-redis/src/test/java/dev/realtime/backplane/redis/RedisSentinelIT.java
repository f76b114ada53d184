package dev.realtime.backplane.redis;

import static dev.realtime.backplane.redis.Hubs.MSG;
import static dev.realtime.backplane.redis.Hubs.awaitRoute;
import static dev.realtime.backplane.redis.Hubs.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.Message;
import dev.realtime.tck.RecordingOutlet;
import dev.realtime.tck.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A {@code redis-sentinel://} URI: the backplane asks the Sentinel for the primary. */
class RedisSentinelIT {
  private final Hubs hubs = new Hubs();
  private RedisServer primary;
  private RedisServer sentinel;

  @BeforeEach
  void start() {
    primary = RedisServer.start();
    sentinel = RedisServer.startSentinel(primary);
  }

  @AfterEach
  void stop() {
    try {
      hubs.close();
    } finally {
      if (sentinel != null) {
        sentinel.close();
      }
      primary.close();
    }
  }

  @Test
  void hubsFindThePrimaryThroughSentinel() {
    String uri = "redis-sentinel://127.0.0.1:" + sentinel.port() + "#mymaster";
    Hubs.Node a = hubs.start("a", RedisBackplane.create(uri));
    Hubs.Node b = hubs.start("b", RedisBackplane.create(uri));
    RecordingOutlet onB = b.member("ub", "lobby");
    awaitRoute(a.hub(), "lobby", onB);

    a.hub().broadcast("lobby", Message.of(MSG, "via sentinel"));

    eventually().until(() -> onB.contains(MSG, "via sentinel"));
    assertThat(primary.cli("PUBSUB", "CHANNELS")).contains("realtime:room:lobby");
    assertThat(a.hub().backplaneHealth().detail())
        .startsWith("sentinel redis://127.0.0.1:" + sentinel.port() + " master mymaster");
  }
}
