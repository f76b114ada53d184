package dev.realtime.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import dev.realtime.Hub;
import dev.realtime.Message;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A Boot application with no configuration at all, on Tomcat at a random port, read by a real HTTP
 * client: it answers {@code GET /events?room=lobby} like the quickstart does.
 */
@SpringBootTest(
    classes = TestApps.Plain.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=health",
      "management.endpoint.health.show-details=always",
      // frequent heartbeats find clients that went away quickly, so tests do not see each other's
      "realtime.heartbeat-interval=200ms"
    })
@DirtiesContext
class SseEndpointIT {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  @LocalServerPort int port;
  @Autowired Hub hub;
  @Autowired MeterRegistry registry;
  @Autowired WebServerApplicationContext context;

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  @Test
  void aStreamOnEventsReceivesWhatTheHubBeanBroadcasts() throws Exception {
    try (SseClient sse = SseClient.open(uri("/events?room=lobby"))) {
      assertThat(sse.status()).isEqualTo(200);
      assertThat(sse.contentType()).startsWith("text/event-stream");
      await().atMost(PATIENCE).until(() -> hub.stats().totalConnections() == 1);

      hub.broadcast("lobby", Message.of("chat", "hello from Spring"));

      await().atMost(PATIENCE).until(() -> sse.received("chat", "hello from Spring"));
      assertThat(sse.lines()).contains("retry: 3000");
    }
    await().atMost(PATIENCE).until(() -> hub.stats().totalConnections() == 0);
  }

  @Test
  void statsAreServedAsJson() throws Exception {
    try (SseClient sse = SseClient.open(uri("/events?room=doctor-123"))) {
      assertThat(sse.status()).isEqualTo(200);
      await().atMost(PATIENCE).until(() -> hub.stats().totalConnections() == 1);
      HttpResponse<String> stats = SseClient.get(uri("/api/sse/stats"));
      assertThat(stats.statusCode()).isEqualTo(200);
      assertThat(stats.headers().firstValue("content-type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
      String json = stats.body();
      assertThat((Integer) JsonPath.read(json, "$.totalConnections")).isEqualTo(1);
      assertThat((Integer) JsonPath.read(json, "$.maxConnectionsPerResource")).isEqualTo(100);
      assertThat((Integer) JsonPath.read(json, "$.connectionTimeout")).isEqualTo(1_800_000);
      assertThat((Integer) JsonPath.read(json, "$.connectionsPerResource.doctor-123")).isEqualTo(1);
      assertThat((String) JsonPath.read(json, "$.backplane")).isEqualTo("local");
    }
  }

  @Test
  void actuatorHealthShowsTheRealtimeComponent() throws Exception {
    HttpResponse<String> health = SseClient.get(uri("/actuator/health"));
    assertThat(health.statusCode()).isEqualTo(200);
    String json = health.body();
    assertThat((String) JsonPath.read(json, "$.components.realtime.status")).isEqualTo("UP");
    assertThat((String) JsonPath.read(json, "$.components.realtime.details.backplane"))
        .isEqualTo("local");
    assertThat((String) JsonPath.read(json, "$.components.realtime.details.node"))
        .isEqualTo(hub.nodeId());
  }

  @Test
  void metersAreInTheApplicationsRegistry() throws Exception {
    try (SseClient sse = SseClient.open(uri("/events?room=metrics"))) {
      assertThat(sse.status()).isEqualTo(200);
      await()
          .atMost(PATIENCE)
          .until(() -> hub.stats().connectionsPerResource().containsKey("metrics"));
      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  registry.get("realtime.connections").tag("node", hub.nodeId()).gauge().value()
                      == hub.stats().totalConnections());
      assertThat(registry.get("realtime.connections").tag("node", hub.nodeId()).gauge().value())
          .isGreaterThanOrEqualTo(1.0);
    }
    assertThat(
            registry.get("realtime.connections.opened").tag("node", hub.nodeId()).counter().count())
        .isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void tomcatAcceptsAsManyConnectionsAsTheCapPlusHeadroom() {
    TomcatWebServer server = (TomcatWebServer) context.getWebServer();
    AbstractProtocol<?> protocol =
        (AbstractProtocol<?>) server.getTomcat().getConnector().getProtocolHandler();
    // Tomcat's default is 8,192; realtime.max-connections (10,000) + headroom (1,024) is more.
    assertThat(protocol.getMaxConnections()).isEqualTo(11_024);
  }
}
