package dev.realtime.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.Hub;
import dev.realtime.Message;
import dev.realtime.tck.RedisServer;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two Boot applications on random ports sharing a real {@code redis-server}: an SSE client of app B
 * receives what app A broadcasts. Closing both leaves no realtime or Lettuce thread.
 */
class TwoAppsRedisIT {
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @Test
  void aStreamOnAppBReceivesABroadcastMadeOnAppA() throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      ConfigurableApplicationContext a = start(redis);
      try {
        ConfigurableApplicationContext b = start(redis);
        try {
          Hub hubA = a.getBean(Hub.class);
          Hub hubB = b.getBean(Hub.class);
          assertThat(hubA.backplaneHealth().name()).isEqualTo("redis");
          try (SseClient sse = SseClient.open(uri(b, "/events?room=lobby"))) {
            assertThat(sse.status()).isEqualTo(200);
            await().atMost(PATIENCE).until(() -> hubB.stats().totalConnections() == 1);
            // B subscribes to the room asynchronously: broadcast until a probe comes through.
            await()
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(
                    () -> {
                      hubA.broadcast("lobby", Message.of("probe", "probe"));
                      return sse.received("probe", "probe");
                    });

            hubA.broadcast("lobby", Message.of("chat", "hello from app A"));

            await().atMost(PATIENCE).until(() -> sse.received("chat", "hello from app A"));
          }
        } finally {
          b.close();
        }
      } finally {
        a.close();
      }
      Threads.awaitNone("realtime-");
      Threads.awaitNone("lettuce-");
    }
  }

  private static ConfigurableApplicationContext start(RedisServer redis) {
    return new SpringApplicationBuilder(TestApps.Plain.class)
        .properties(
            "server.port=0",
            "spring.jmx.enabled=false",
            "realtime.backplane=redis",
            "realtime.redis.uri=" + redis.uri())
        .run();
  }

  private static URI uri(ConfigurableApplicationContext context, String path) {
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
