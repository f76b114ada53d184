package dev.realtime.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.Hub;
import dev.realtime.tck.SseClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The chat on a random port, driven over real HTTP the way its page does. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpringChatIT {
  private static final Duration PATIENCE = Duration.ofSeconds(10);
  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int port;
  @Autowired Hub hub;

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "text/plain;charset=UTF-8")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aMessagePostedToARoomReachesEveryStreamInItAndNoOther() throws Exception {
    try (SseClient lobby = SseClient.open(uri("/events?room=lobby"));
        SseClient other = SseClient.open(uri("/events?room=other"))) {
      assertThat(lobby.statusCode()).isEqualTo(200);
      assertThat(lobby.header("Content-Type")).startsWith("text/event-stream");
      org.awaitility.Awaitility.await()
          .atMost(PATIENCE)
          .until(() -> hub.stats().totalConnections() == 2);

      HttpResponse<String> answer = post("/rooms/lobby/messages", "ada: héllo, lobby");

      assertThat(answer.statusCode()).isEqualTo(202);
      // one node, local backplane: nothing to publish remotely, and nothing to warn about
      assertThat(answer.body())
          .contains("\"room\":\"lobby\"", "\"localRecipients\":1")
          .doesNotContain("warning");
      lobby.awaitLine("data: ada: héllo, lobby", PATIENCE);
      assertThat(lobby.lines()).contains("event: message");
      post("/rooms/other/messages", "fence");
      other.awaitLine("data: fence", PATIENCE);
      assertThat(other.lines()).doesNotContain("data: ada: héllo, lobby");
    }
  }

  @Test
  void badRoomNamesAndOversizedBodiesGetJsonErrors() throws Exception {
    HttpResponse<String> badName = post("/rooms/" + "x".repeat(300) + "/messages", "hi");
    assertThat(badName.statusCode()).isEqualTo(400);
    assertThat(badName.body()).startsWith("{\"error\":").contains("room");

    int limit = hub.config().maxMessageBytes();
    HttpResponse<String> tooBig = post("/rooms/lobby/messages", "a".repeat(limit + 1));
    assertThat(tooBig.statusCode()).isEqualTo(413);
    assertThat(tooBig.body()).contains("realtime.max-message-bytes", Integer.toString(limit));
  }

  @Test
  void servesThePageStatsAndHealth() throws Exception {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>realtime spring-chat</title>", "new EventSource(");

    HttpResponse<String> stats = get("/api/sse/stats");
    assertThat(stats.statusCode()).isEqualTo(200);
    assertThat(stats.body()).contains("\"totalConnections\":", "\"maxConnectionsPerResource\":100");

    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"realtime\"");
  }
}
