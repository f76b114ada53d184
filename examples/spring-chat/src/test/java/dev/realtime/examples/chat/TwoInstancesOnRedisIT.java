package dev.realtime.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.tck.RedisServer;
import dev.realtime.tck.SseClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the README shows: two chat instances on two ports sharing a Redis server (started by the
 * test), and a message posted to one reaching a stream on the other.
 */
class TwoInstancesOnRedisIT {
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private final HttpClient http = HttpClient.newHttpClient();
  private RedisServer redis;
  private ConfigurableApplicationContext a;
  private ConfigurableApplicationContext b;

  @BeforeEach
  void start() {
    redis = RedisServer.start();
    a = instance();
    b = instance();
  }

  @AfterEach
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {a, b, redis}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private ConfigurableApplicationContext instance() {
    return new SpringApplicationBuilder(SpringChatApplication.class)
        // command-line arguments, as the README runs it: they win over application.properties
        .run(
            "--server.port=0", "--realtime.backplane=redis", "--realtime.redis.uri=" + redis.uri());
  }

  private static URI base(ConfigurableApplicationContext context) {
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    return URI.create("http://127.0.0.1:" + port);
  }

  private HttpResponse<String> post(URI node, String text) throws Exception {
    return http.send(
        HttpRequest.newBuilder(node.resolve("/rooms/lobby/messages"))
            .POST(HttpRequest.BodyPublishers.ofString(text))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aMessagePostedToOneInstanceReachesAStreamOnTheOther() throws Exception {
    try (SseClient onB = SseClient.open(base(b).resolve("/events?room=lobby"))) {
      assertThat(onB.statusCode()).isEqualTo(200);
      // B subscribes to the room's channel asynchronously: probe until one comes through.
      await()
          .atMost(PATIENCE)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                post(base(a), "probe");
                return onB.lines().contains("data: probe");
              });

      HttpResponse<String> answer = post(base(a), "grace: hello from instance A");

      assertThat(answer.statusCode()).isEqualTo(202);
      assertThat(answer.body()).contains("\"localRecipients\":0", "\"remotePublished\":true");
      onB.awaitLine("data: grace: hello from instance A", PATIENCE);
    }
  }
}
