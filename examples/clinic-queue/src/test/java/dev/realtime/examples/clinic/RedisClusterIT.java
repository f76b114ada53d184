package dev.realtime.examples.clinic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.tck.RedisServer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two clinic instances behind an imaginary load balancer: one database, one {@code redis-server}
 * (started by the test on a free port), no sticky sessions. A check-in made at one reaches a
 * dashboard streaming from the other.
 */
class RedisClusterIT {
  private static RedisServer redis;
  private static ClinicServer a;
  private static ClinicServer b;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServer.start();
    Map<String, String> env =
        Map.of(
            "CLINIC_JDBC_URL",
            "jdbc:h2:mem:cluster-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
            "CLINIC_DB_POOL_SIZE",
            "4",
            "REDIS_URL",
            redis.uri());
    a = ClinicServer.start(0, Clinics.settings(env));
    b = ClinicServer.start(0, Clinics.settings(env));
  }

  @AfterAll
  static void stop() {
    try {
      for (ClinicServer s : new ClinicServer[] {a, b}) {
        if (s != null) {
          Clinics.closeAndCheckReleased(s);
        }
      }
    } finally {
      if (redis != null) {
        redis.close();
      }
    }
  }

  @Test
  void checkInAtOneInstanceReachesADashboardOnTheOther() throws Exception {
    Http atA = new Http(SseClient.http(), a.uri());
    Http atB = new Http(SseClient.http(), b.uri());
    // UP, or RECOVERED when a loaded machine made the first connection attempt time out.
    assertThat(atA.get("/api/health").body())
        .startsWith("{\"status\":\"UP\"")
        .contains("\"backplane\":{\"name\":\"redis\",\"state\":\"");
    assertThat(atB.get("/api/sse/stats").body()).contains("\"backplane\":\"redis\"");

    try (SseClient dashboardAtB = atB.dashboard(1);
        SseClient dashboardAtA = atA.dashboard(1)) {
      assertThat(dashboardAtB.status()).isEqualTo(200);
      // B subscribes to doctor-1 asynchronously: check in at A until a queue event gets through.
      await()
          .atMost(Clinics.WAIT)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                atA.checkIn(1, "probe");
                return !Clinics.queues(dashboardAtB).isEmpty();
              });

      assertThat(atA.checkIn(1, "Ann Lee").statusCode()).isEqualTo(201);
      await()
          .atMost(Clinics.WAIT)
          .until(() -> Clinics.queues(dashboardAtB).stream().anyMatch(q -> q.contains("Ann Lee")));

      // And back: once A gets what B stores, the doctor calls patients in at B until Ann's turn.
      await()
          .atMost(Clinics.WAIT)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                atB.checkIn(1, "probe from B");
                return Clinics.queues(dashboardAtA).stream()
                    .anyMatch(q -> q.contains("probe from B"));
              });
      await()
          .atMost(Clinics.WAIT)
          .until(
              () -> {
                assertThat(atB.next(1).statusCode()).isEqualTo(200);
                return Clinics.queues(dashboardAtA).stream().anyMatch(q -> called(q, "Ann Lee"));
              });
      // Both instances read the same database.
      assertThat(atB.get("/api/doctors/1/queue").body())
          .isEqualTo(atA.get("/api/doctors/1/queue").body());
    }
  }

  private static boolean called(String queue, String patient) {
    int at = queue.indexOf("\"called\":{");
    int end = queue.indexOf("\"waiting\":");
    return at >= 0 && queue.substring(at, end).contains("\"patient\":\"" + patient + "\"");
  }
}
