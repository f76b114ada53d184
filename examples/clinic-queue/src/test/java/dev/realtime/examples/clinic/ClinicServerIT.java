package dev.realtime.examples.clinic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.tck.SseEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The clinic on its default database, H2, over real HTTP. H2 runs as a TCP server in this JVM,
 * reached through a {@link TcpProxy}, so that a test can cut the database off as an outage would,
 * and bring it back. Each test works on its own doctor.
 */
class ClinicServerIT {
  private static final HttpClient CLIENT = SseClient.http();
  private static Server database;
  private static TcpProxy network;
  private static ClinicServer clinic;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    database = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    network = TcpProxy.start(database.getPort());
    clinic =
        ClinicServer.start(
            0,
            Clinics.settings(
                Map.of(
                    "CLINIC_JDBC_URL",
                    "jdbc:h2:tcp://127.0.0.1:"
                        + network.port()
                        + "/mem:clinic-it-"
                        + UUID.randomUUID()
                        + ";DB_CLOSE_DELAY=-1",
                    "CLINIC_DB_POOL_SIZE",
                    "4",
                    "CLINIC_DB_CONNECTION_TIMEOUT_MS",
                    "1000",
                    "CLINIC_DB_VALIDATION_TIMEOUT_MS",
                    "500")));
    http = new Http(CLIENT, clinic.uri());
  }

  @AfterAll
  static void stop() throws IOException {
    if (clinic != null) {
      Clinics.closeAndCheckReleased(clinic);
    }
    if (network != null) {
      network.close();
    }
    if (database != null) {
      database.stop();
    }
  }

  @AfterEach
  void dashboardsAreGone() {
    await().atMost(Clinics.WAIT).until(() -> clinic.hub().stats().totalConnections() == 0);
  }

  @Test
  void dashboardGetsTheQueueAfterEveryStoredChange() throws Exception {
    try (SseClient dashboard = http.dashboard(1)) {
      assertThat(dashboard.status()).isEqualTo(200);
      await().atMost(Clinics.WAIT).until(() -> clinic.hub().stats().totalConnections() == 1);

      HttpResponse<String> ann = http.checkIn(1, "Ann Lee");
      assertThat(ann.statusCode()).isEqualTo(201);
      assertThat(ann.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
      assertThat(ann.body())
          .startsWith("{\"checkin\":{\"id\":")
          .contains("\"patient\":\"Ann Lee\"");
      assertThat(http.checkIn(1, "Bob <Ray>").statusCode()).isEqualTo(201);
      HttpResponse<String> next = http.next(1);
      assertThat(next.statusCode()).isEqualTo(200);
      assertThat(next.body())
          .startsWith("{\"called\":{\"id\":")
          .contains("\"patient\":\"Ann Lee\"");

      await().atMost(Clinics.WAIT).until(() -> Clinics.queues(dashboard).size() == 3);
      List<SseEvent> events = dashboard.events(DoctorsServlet.EVENT);
      assertThat(events).extracting(SseEvent::id).containsExactly("1", "2", "3");
      String last = events.get(2).data();
      assertThat(last)
          .startsWith("{\"doctorId\":1,\"doctor\":\"Dr. Amara Okafor\",\"version\":3,")
          .contains("\"called\":{\"id\":", "\"patient\":\"Ann Lee\"", "\"calledAt\":\"")
          .contains("\"waiting\":[{\"id\":", "\"patient\":\"Bob \\u003cRay>\"");
      assertThat(events.get(0).data()).contains("\"called\":null");
      // The API answers the same document the dashboard got last.
      assertThat(http.get("/api/doctors/1/queue").body()).isEqualTo(last);
    }
  }

  @Test
  void the101stDashboardOfADoctorIsRefusedWhileOtherDoctorsConnect() throws Exception {
    List<SseClient> dashboards = new ArrayList<>();
    try {
      for (int i = 0; i < 100; i++) {
        dashboards.add(http.dashboard(2));
      }
      assertThat(dashboards).allMatch(d -> d.status() == 200);

      SseClient refused = http.dashboard(2);
      dashboards.add(refused);
      assertThat(refused.status()).isEqualTo(429);
      await().atMost(Clinics.WAIT).until(refused::ended);
      assertThat(refused.body())
          .startsWith("{\"error\":")
          .contains("\"reason\":\"RESOURCE_LIMIT\"", "\"resource\":\"doctor-2\"")
          .contains("\"current\":100", "\"limit\":100");

      SseClient other = http.dashboard(3);
      dashboards.add(other);
      assertThat(other.status()).isEqualTo(200);

      HttpResponse<String> stats = http.get("/api/sse/stats");
      assertThat(stats.body())
          .contains(
              "\"totalConnections\":101",
              "\"resourceCount\":2",
              "\"maxConnectionsPerResource\":100",
              "\"connectionTimeout\":1800000",
              "\"utilizationPercent\":50.5",
              "\"capacityRemaining\":99",
              "\"doctor-2\":100",
              "\"doctor-3\":1");
    } finally {
      dashboards.forEach(SseClient::close);
    }
  }

  @Test
  void statsServeTheFieldGuideFields() throws Exception {
    HttpResponse<String> stats = http.get("/api/sse/stats");

    assertThat(stats.statusCode()).isEqualTo(200);
    assertThat(stats.body())
        .startsWith(
            "{\"totalConnections\":0,\"resourceCount\":0,\"maxConnectionsPerResource\":100,"
                + "\"connectionTimeout\":1800000,\"utilizationPercent\":0.0,"
                + "\"capacityRemaining\":0,")
        .contains("\"backplane\":\"local\"");
  }

  @Test
  void healthReportsDatabaseAndBackplane() throws Exception {
    HttpResponse<String> health = http.get("/api/health");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body())
        .startsWith("{\"status\":\"UP\",\"database\":{\"status\":\"UP\",\"product\":\"H2\"")
        .contains("\"max\":4", "\"backplane\":{\"name\":\"local\",\"state\":\"UP\"");
  }

  @Test
  void badInputGets4xxWithAJsonError() throws Exception {
    assertError(http.get("/api/doctors/99/queue"), 404, "no doctor with id 99");
    assertError(http.checkIn(99, "Ann"), 404, "no doctor with id 99");
    assertError(http.next(99), 404, "no doctor with id 99");
    assertError(http.get("/api/doctors/abc/queue"), 400, "doctorId must be a whole number");
    assertError(http.get("/api/doctors/-1/queue"), 400, "doctorId must be a whole number");
    assertError(http.next(5), 409, "no patient is waiting for doctor 5");
    assertError(http.checkIn(5, ""), 400, "patient must be 1-100 characters, was 0");
    assertError(http.checkIn(5, "x".repeat(101)), 400, "patient must be 1-100 characters");
    assertError(http.postJson("/api/doctors/5/checkins", "{}"), 400, "missing field: patient");
    assertError(
        http.postJson("/api/doctors/5/checkins", "{\"patient\":42}"),
        400,
        "patient must be a JSON string, was 42");
    assertError(
        http.postJson("/api/doctors/5/checkins", "{\"patient\":"), 400, "body is not valid JSON");
    assertError(
        http.postJson("/api/doctors/5/checkins", "{\"patient\":\"" + "x".repeat(5000) + "\"}"),
        413,
        "body must be at most 4096 bytes");
    assertError(
        http.post("/api/doctors/5/checkins", "text/plain", "{\"patient\":\"Ann\"}"),
        415,
        "Content-Type must be application/json");
    assertError(http.postJson("/api/doctors/5/queue", "{}"), 405, "use GET here");
    assertError(http.get("/api/doctors/5/nowhere"), 404, "no such endpoint");
    assertError(http.get("/nowhere"), 404, "no such page");
    try (SseClient unknown = http.dashboard(99);
        SseClient malformed = http.dashboard(0)) {
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(malformed.status()).isEqualTo(400);
      await().atMost(Clinics.WAIT).until(() -> unknown.ended() && malformed.ended());
      assertThat(unknown.body()).isEqualTo("{\"error\":\"no doctor with id 99\"}");
    }
    // Nothing of the above was stored.
    assertThat(http.get("/api/doctors/5/queue").body()).contains("\"version\":0");
  }

  @Test
  void pagesShowTheLiveQueue() throws Exception {
    HttpResponse<String> index = http.get("/");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.body()).contains("<a href=\"/doctors/3\">Dr. Rafael Costa</a>");

    HttpResponse<String> page = http.get("/doctors/3");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    assertThat(page.body())
        .contains("data-doctor=\"3\"", "<h1>Dr. Rafael Costa</h1>")
        .contains("new EventSource('/api/sse/doctors/' + id)", "'/checkins'", "'/next'");
    assertThat(http.get("/doctors/99").statusCode()).isEqualTo(404);
    assertThat(http.get("/doctors/x").statusCode()).isEqualTo(400);
  }

  @Test
  void databaseOutageAnswers503AndBroadcastsNothing() throws Exception {
    try (SseClient dashboard = http.dashboard(4)) {
      assertThat(http.checkIn(4, "Before").statusCode()).isEqualTo(201);
      await().atMost(Clinics.WAIT).until(() -> Clinics.queues(dashboard).size() == 1);

      network.cut();
      HttpResponse<String> during = http.checkIn(4, "During");
      assertThat(during.statusCode()).isEqualTo(503);
      assertThat(during.headers().firstValue("Retry-After")).contains("5");
      assertThat(during.body())
          .isEqualTo("{\"error\":\"database unavailable, nothing was changed; retry later\"}");
      assertThat(http.next(4).statusCode()).isEqualTo(503);
      assertThat(http.get("/api/doctors/4/queue").statusCode()).isEqualTo(503);
      HttpResponse<String> health = http.get("/api/health");
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body())
          .startsWith("{\"status\":\"DOWN\",\"database\":{\"status\":\"DOWN\"")
          .contains("\"backplane\":{\"name\":\"local\",\"state\":\"UP\"");
      try (SseClient late = http.dashboard(4)) {
        assertThat(late.status()).isEqualTo(503);
      }
      assertThat(dashboard.ended()).isFalse();

      network.restore();
      await().atMost(Clinics.WAIT).until(() -> http.checkIn(4, "After").statusCode() == 201);

      await().atMost(Clinics.WAIT).until(() -> Clinics.queues(dashboard).size() == 2);
      String after = Clinics.queues(dashboard).get(1);
      // The failed writes neither stored (the version went 1 -> 2) nor broadcast anything.
      assertThat(after)
          .contains("\"version\":2", "\"patient\":\"Before\"", "\"patient\":\"After\"");
      assertThat(dashboard.body()).doesNotContain("During");
      assertThat(http.get("/api/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void logsSingleServerModeWithoutRedisAndReleasesEverythingOnClose() throws Exception {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    ClinicServer single;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      single =
          ClinicServer.start(
              0,
              Clinics.settings(
                  Map.of("CLINIC_JDBC_URL", "jdbc:h2:mem:single-" + UUID.randomUUID())));
    } finally {
      System.setErr(err);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log.lines())
        .anyMatch(line -> line.endsWith(" - Redis not configured, using single-server mode"))
        .anyMatch(line -> line.contains("SSE configuration: 100 connections per resource"));
    Clinics.closeAndCheckReleased(single);
  }

  private static void assertError(HttpResponse<String> response, int status, String message) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(response.body()).startsWith("{\"error\":\"").contains(message);
  }
}
