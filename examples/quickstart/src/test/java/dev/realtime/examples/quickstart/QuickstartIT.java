package dev.realtime.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.RealtimeConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Starts the quickstart in-process on a free port and talks to it over real HTTP. */
class QuickstartIT {
  private static final int MAX_MESSAGE_BYTES = 1024;
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static QuickstartServer server;
  private static HttpClient client;

  @BeforeAll
  static void start() throws Exception {
    // Short heartbeats: a server learns that a client left only when it next writes to it.
    RealtimeConfig config =
        RealtimeConfig.builder()
            .heartbeatInterval(Duration.ofMillis(200))
            .sweepInterval(Duration.ofMillis(50))
            .maxMessageBytes(MAX_MESSAGE_BYTES)
            .shutdownTimeout(Duration.ofSeconds(2))
            .build();
    server = QuickstartServer.start(0, config);
    client = HttpClient.newBuilder().connectTimeout(WAIT).build();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static URI uri(String path) {
    return server.uri().resolve(path);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri(path)).timeout(WAIT).GET().build(), BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri(path))
            .timeout(WAIT)
            .header("Content-Type", "text/plain;charset=UTF-8")
            .POST(BodyPublishers.ofString(body))
            .build(),
        BodyHandlers.ofString());
  }

  @Test
  void startsOnAFreePort() {
    assertThat(server.port()).isPositive();
    assertThat(server.uri()).hasToString("http://localhost:" + server.port() + "/");
  }

  @Test
  void streamReceivesAMessagePostedToItsRoom() throws Exception {
    int before = server.hub().stats().totalConnections();
    HttpResponse<Stream<String>> stream =
        client
            .sendAsync(
                HttpRequest.newBuilder(uri("/events?room=lobby"))
                    .header("Accept", "text/event-stream")
                    .GET()
                    .build(),
                BodyHandlers.ofLines())
            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    List<String> lines = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> reader =
        CompletableFuture.runAsync(() -> stream.body().forEach(lines::add));
    try {
      assertThat(stream.statusCode()).isEqualTo(200);
      assertThat(stream.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
      await().atMost(WAIT).until(() -> server.hub().stats().totalConnections() == before + 1);

      HttpResponse<String> posted = post("/rooms/lobby/messages", "hello\nworld");

      assertThat(posted.statusCode()).isEqualTo(202);
      assertThat(posted.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
      assertThat(posted.body())
          .isEqualTo("{\"room\":\"lobby\",\"localRecipients\":1,\"remotePublished\":false}");
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(lines)
                      .containsSubsequence("event: message", "data: hello", "data: world", ""));
    } finally {
      stream.body().close();
      reader.cancel(true);
    }
    await().atMost(WAIT).until(() -> server.hub().stats().totalConnections() == before);
  }

  @Test
  void postToAnEmptyRoomReachesNobody() throws Exception {
    HttpResponse<String> posted = post("/rooms/nobody-here/messages", "anyone?");

    assertThat(posted.statusCode()).isEqualTo(202);
    assertThat(posted.body()).contains("\"room\":\"nobody-here\"", "\"localRecipients\":0");
  }

  @Test
  void bodyAtTheLimitIsAccepted() throws Exception {
    assertThat(post("/rooms/lobby/messages", "x".repeat(MAX_MESSAGE_BYTES)).statusCode())
        .isEqualTo(202);
  }

  @Test
  void oversizedBodyIs413WithJsonError() throws Exception {
    HttpResponse<String> posted = post("/rooms/lobby/messages", "x".repeat(MAX_MESSAGE_BYTES + 1));

    assertThat(posted.statusCode()).isEqualTo(413);
    assertThat(posted.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(posted.body())
        .startsWith("{\"error\":")
        .contains("maxMessageBytes")
        .contains(String.valueOf(MAX_MESSAGE_BYTES));
  }

  @Test
  void badRoomNameIs400NamingTheField() throws Exception {
    HttpResponse<String> posted = post("/rooms/" + "r".repeat(256) + "/messages", "hi");

    assertThat(posted.statusCode()).isEqualTo(400);
    assertThat(posted.body()).isEqualTo("{\"error\":\"room must be 1-255 characters, was 256\"}");
  }

  @Test
  void controlCharacterInRoomNameIs400() throws Exception {
    HttpResponse<String> posted = post("/rooms/a%09b/messages", "hi");

    assertThat(posted.statusCode()).isEqualTo(400);
  }

  @Test
  void otherPathUnderRoomsIs404() throws Exception {
    assertThat(post("/rooms/lobby/other", "hi").statusCode()).isEqualTo(404);
  }

  @Test
  void statsServeTheFieldGuideFields() throws Exception {
    HttpResponse<String> stats = get("/api/sse/stats");

    assertThat(stats.statusCode()).isEqualTo(200);
    assertThat(stats.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(stats.body())
        .contains(
            "\"totalConnections\":",
            "\"resourceCount\":",
            "\"maxConnectionsPerResource\":100",
            "\"connectionTimeout\":1800000",
            "\"utilizationPercent\":",
            "\"capacityRemaining\":");
  }

  @Test
  void healthIsUp() throws Exception {
    HttpResponse<String> health = get("/api/health");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("UP");
  }

  @Test
  void pageHasALiveEventSourceView() throws Exception {
    HttpResponse<String> page = get("/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    assertThat(page.body()).contains("new EventSource(", "/events?room=", "/messages");
    assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
  }

  @Test
  void streamWithoutRoomIsRefused() throws Exception {
    assertThat(get("/events").statusCode()).isEqualTo(400);
  }
}
