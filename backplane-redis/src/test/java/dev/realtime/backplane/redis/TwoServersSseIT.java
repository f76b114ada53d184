package dev.realtime.backplane.redis;

import dev.realtime.Hub;
import dev.realtime.tck.RedisServer;
import dev.realtime.tck.TwoServersSseContract;
import org.junit.jupiter.api.BeforeEach;

/** Two hubs behind two embedded Jetty servers sharing one Redis (the kit's HTTP contract). */
class TwoServersSseIT extends TwoServersSseContract {
  private RedisServer redis;
  private final Hubs hubs = new Hubs();

  @BeforeEach
  void startRedis() {
    redis = RedisServer.start();
  }

  @Override
  protected void stopNodes() {
    try {
      hubs.close();
    } finally {
      redis.close();
    }
  }

  @Override
  protected Hub startNode(String nodeId) {
    return hubs.start(nodeId, RedisBackplane.create(redis.uri())).hub();
  }
}
