package dev.realtime.backplane.redis;

import dev.realtime.spi.Backplane;
import dev.realtime.tck.BackplaneContract;
import dev.realtime.tck.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The compatibility kit on one standalone {@code redis-server}, killed and restarted for outages.
 */
class RedisBackplaneContractIT extends BackplaneContract {
  private static RedisServer server;

  @BeforeAll
  static void startServer() {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected Backplane newBackplane() {
    return RedisBackplane.builder()
        .uri(server.uri())
        .probeInterval(Duration.ofMillis(500))
        .maxReconnectDelay(Duration.ofMillis(500))
        .build();
  }

  @Override
  protected void startOutage() {
    server.kill9();
  }

  @Override
  protected void endOutage() {
    server.restart();
  }

  @Override
  protected int maxMessageBytes() {
    return 1 << 20; // 1 MiB through Redis, well above the hub's 64 KiB default
  }
}
