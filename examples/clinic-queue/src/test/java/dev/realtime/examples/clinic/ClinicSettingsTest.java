package dev.realtime.examples.clinic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClinicSettingsTest {

  @Test
  void defaultsAreEmbeddedH2SingleServerAndTheFieldGuideCaps() {
    ClinicSettings s = ClinicSettings.fromEnvironment(Map.of());

    assertThat(s.jdbcUrl()).isEqualTo("jdbc:h2:mem:clinic;DB_CLOSE_DELAY=-1");
    assertThat(s.jdbcUser()).isEmpty();
    assertThat(s.poolSize()).isEqualTo(10);
    assertThat(s.connectionTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.validationTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.maxLifetime()).isEqualTo(Duration.ofMinutes(30));
    assertThat(s.redisUrl()).isEmpty();
    assertThat(s.backplane()).isEqualTo("local");
    assertThat(s.realtime().maxConnectionsPerResource()).isEqualTo(100);
    assertThat(s.realtime().connectionTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(ClinicSettings.SINGLE_SERVER)
        .isEqualTo("Redis not configured, using single-server mode");
  }

  @Test
  void readsDatabasePoolRedisAndSseVariables() {
    ClinicSettings s =
        ClinicSettings.fromEnvironment(
            Map.of(
                "CLINIC_JDBC_URL", " jdbc:postgresql://db:5432/clinic ",
                "CLINIC_JDBC_USER", "clinic",
                "CLINIC_JDBC_PASSWORD", "secret",
                "CLINIC_DB_POOL_SIZE", "25",
                "CLINIC_DB_CONNECTION_TIMEOUT_MS", "5000",
                "CLINIC_DB_VALIDATION_TIMEOUT_MS", "750",
                "CLINIC_DB_MAX_LIFETIME_MS", "0",
                "REDIS_URL", "redis://redis:6379",
                "SSE_MAX_CONNECTIONS_PER_RESOURCE", "200",
                "SSE_CONNECTION_TIMEOUT_MINUTES", "15"));

    assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/clinic");
    assertThat(s.jdbcUser()).contains("clinic");
    assertThat(s.jdbcPassword()).contains("secret");
    assertThat(s.poolSize()).isEqualTo(25);
    assertThat(s.connectionTimeout()).isEqualTo(Duration.ofMillis(5000));
    assertThat(s.validationTimeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(s.maxLifetime()).isZero();
    assertThat(s.backplane()).isEqualTo("redis");
    assertThat(s.backplaneEnvironment()).containsEntry("REDIS_URL", "redis://redis:6379");
    assertThat(s.realtime().maxConnectionsPerResource()).isEqualTo(200);
    assertThat(s.realtime().connectionTimeout()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void explicitBackplaneWinsOverRedisUrl() {
    ClinicSettings s =
        ClinicSettings.fromEnvironment(
            Map.of("REDIS_URL", "redis://redis:6379", "REALTIME_BACKPLANE", "local"));

    assertThat(s.backplane()).isEqualTo("local");
  }

  @Test
  void badValuesNameTheVariableAndTheLimit() {
    assertInvalid(
        Map.of("CLINIC_DB_POOL_SIZE", "0"),
        "CLINIC_DB_POOL_SIZE must be between 1 and 1000, was 0");
    assertInvalid(
        Map.of("CLINIC_DB_POOL_SIZE", "99999999999"),
        "CLINIC_DB_POOL_SIZE must be between 1 and 1000, was 99999999999");
    assertInvalid(
        Map.of("CLINIC_DB_POOL_SIZE", "ten"),
        "CLINIC_DB_POOL_SIZE must be a whole number, was 'ten'");
    assertInvalid(
        Map.of("CLINIC_DB_CONNECTION_TIMEOUT_MS", "100"),
        "CLINIC_DB_CONNECTION_TIMEOUT_MS must be between 250 and 600000, was 100");
    assertInvalid(
        Map.of("CLINIC_DB_VALIDATION_TIMEOUT_MS", "3000"),
        "CLINIC_DB_VALIDATION_TIMEOUT_MS must be below CLINIC_DB_CONNECTION_TIMEOUT_MS (3000),"
            + " was 3000");
    assertInvalid(
        Map.of("CLINIC_DB_MAX_LIFETIME_MS", "1000"),
        "CLINIC_DB_MAX_LIFETIME_MS must be at least 30000, was 1000");
    assertInvalid(Map.of("CLINIC_JDBC_URL", "postgres://db/clinic"), "CLINIC_JDBC_URL");
    assertInvalid(
        Map.of("SSE_MAX_CONNECTIONS_PER_RESOURCE", "0"), "SSE_MAX_CONNECTIONS_PER_RESOURCE");
  }

  @Test
  void portDefaultsTo8080AndIsChecked() {
    assertThat(Main.port(Map.of())).isEqualTo(8080);
    assertThat(Main.port(Map.of("PORT", " 9090 "))).isEqualTo(9090);
    assertThat(Main.port(Map.of("PORT", "0"))).isZero();
    assertThatThrownBy(() -> Main.port(Map.of("PORT", "70000")))
        .hasMessage("Environment variable PORT must be a number from 0 to 65535, was '70000'");
    assertThatThrownBy(() -> Main.port(Map.of("PORT", "http"))).hasMessageContaining("PORT");
  }

  private static void assertInvalid(Map<String, String> env, String message) {
    assertThatThrownBy(() -> ClinicSettings.fromEnvironment(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
