package dev.realtime.examples.clinic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The clinic on the machine's PostgreSQL over real HTTP, in a database of its own that the test
 * drops afterwards; an outage refuses connections to that database and ends the pool's.
 */
class PostgresClinicIT {
  private static PostgresDatabase database;
  private static ClinicServer clinic;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    database = PostgresDatabase.create();
    clinic = ClinicServer.start(0, Clinics.settings(database.environment()));
    http = new Http(SseClient.http(), clinic.uri());
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (clinic != null) {
        Clinics.closeAndCheckReleased(clinic);
      }
    } finally {
      if (database != null) {
        database.close();
      }
    }
  }

  @Test
  void dashboardGetsCheckInsAndCallsStoredInPostgres() throws Exception {
    try (SseClient dashboard = http.dashboard(1)) {
      assertThat(dashboard.status()).isEqualTo(200);
      assertThat(http.checkIn(1, "Ann").statusCode()).isEqualTo(201);
      assertThat(http.checkIn(1, "Bob").statusCode()).isEqualTo(201);
      assertThat(http.next(1).statusCode()).isEqualTo(200);

      await().atMost(Clinics.WAIT).until(() -> Clinics.queues(dashboard).size() == 3);
      assertThat(Clinics.queues(dashboard).get(2))
          .contains("\"version\":3", "\"called\":{\"id\":", "\"patient\":\"Ann\"")
          .contains("\"waiting\":[{\"id\":", "\"patient\":\"Bob\"");
      HttpResponse<String> health = http.get("/api/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"product\":\"PostgreSQL\"");
    }
  }

  @Test
  void databaseOutageAnswers503AndBroadcastsNothing() throws Exception {
    try (SseClient dashboard = http.dashboard(2)) {
      assertThat(http.checkIn(2, "Before").statusCode()).isEqualTo(201);
      await().atMost(Clinics.WAIT).until(() -> Clinics.queues(dashboard).size() == 1);

      database.takeDown();
      try {
        HttpResponse<String> during = http.checkIn(2, "During");
        assertThat(during.statusCode()).isEqualTo(503);
        assertThat(during.body()).contains("database unavailable");
        assertThat(http.next(2).statusCode()).isEqualTo(503);
        assertThat(http.get("/api/health").body()).contains("\"database\":{\"status\":\"DOWN\"");
      } finally {
        database.bringBack();
      }
      await().atMost(Clinics.WAIT).until(() -> http.checkIn(2, "After").statusCode() == 201);

      await().atMost(Clinics.WAIT).until(() -> Clinics.queues(dashboard).size() == 2);
      assertThat(Clinics.queues(dashboard).get(1))
          .contains("\"version\":2", "\"patient\":\"Before\"", "\"patient\":\"After\"");
      assertThat(dashboard.body()).doesNotContain("During");
    }
  }
}
