package dev.realtime.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.Hub;
import dev.realtime.Message;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A quiet stream outlives Tomcat's {@code connectionTimeout}: that timeout governs reading a
 * request, not an async response the hub keeps open, so an SSE stream with no traffic for longer
 * than it (heartbeats far apart here) stays open and still receives the next broadcast.
 */
@SpringBootTest(
    classes = TestApps.Plain.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"server.tomcat.connection-timeout=500ms", "realtime.heartbeat-interval=60s"})
@DirtiesContext
class TomcatIdleStreamIT {
  @LocalServerPort int port;
  @Autowired Hub hub;

  @Test
  void aStreamQuieterThanTomcatsConnectionTimeoutStaysOpen() throws Exception {
    try (SseClient sse =
        SseClient.open(URI.create("http://127.0.0.1:" + port + "/events?room=quiet"))) {
      assertThat(sse.status()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(10)).until(() -> hub.stats().totalConnections() == 1);

      // Four times Tomcat's connection timeout without a byte on the stream.
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(5))
          .until(() -> !sse.ended() && hub.stats().totalConnections() == 1);

      hub.broadcast("quiet", Message.of("chat", "still here"));
      await().atMost(Duration.ofSeconds(10)).until(() -> sse.received("chat", "still here"));
    }
  }
}
