package dev.realtime.examples.clinic;

import dev.realtime.RealtimeConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the clinic reads from its environment, validated at once so that a bad value stops
 * startup with a message naming the variable and the limit.
 *
 * <ul>
 *   <li>{@code CLINIC_JDBC_URL} — the database (default {@value #DEFAULT_JDBC_URL}, embedded H2);
 *       {@code CLINIC_JDBC_USER} and {@code CLINIC_JDBC_PASSWORD} sign in;
 *   <li>{@code CLINIC_DB_POOL_SIZE} — most pooled connections (default 10, 1-1000);
 *   <li>{@code CLINIC_DB_CONNECTION_TIMEOUT_MS} — longest wait for a pooled connection before the
 *       request fails with 503 (default 3000, 250-600000);
 *   <li>{@code CLINIC_DB_VALIDATION_TIMEOUT_MS} — longest liveness check of a connection (default
 *       1000, at least 250 and below the connection timeout);
 *   <li>{@code CLINIC_DB_MAX_LIFETIME_MS} — age at which the pool replaces a connection (default
 *       1800000, 0 for none or at least 30000);
 *   <li>{@code REDIS_URL} — joins every instance sharing that Redis; without it the clinic runs
 *       single-server;
 *   <li>{@code SSE_MAX_CONNECTIONS_PER_RESOURCE}, {@code SSE_CONNECTION_TIMEOUT_MINUTES} and the
 *       other {@code REALTIME_*} variables — the hub ({@link RealtimeConfig#fromEnvironment(Map)}).
 * </ul>
 *
 * @param jdbcUrl the JDBC URL
 * @param jdbcUser the user, if any
 * @param jdbcPassword the password, if any
 * @param poolSize most pooled connections
 * @param connectionTimeout longest wait for a pooled connection
 * @param validationTimeout longest liveness check of a connection
 * @param maxLifetime age at which a connection is replaced, zero for none
 * @param redisUrl the Redis backplane's URL, if the clinic runs as a cluster
 * @param realtime the hub's configuration
 * @param environment the variables the hub's backplane provider reads
 */
public record ClinicSettings(
    String jdbcUrl,
    Optional<String> jdbcUser,
    Optional<String> jdbcPassword,
    int poolSize,
    Duration connectionTimeout,
    Duration validationTimeout,
    Duration maxLifetime,
    Optional<String> redisUrl,
    RealtimeConfig realtime,
    Map<String, String> environment) {

  /** An in-memory H2 database that lives as long as the process. */
  public static final String DEFAULT_JDBC_URL = "jdbc:h2:mem:clinic;DB_CLOSE_DELAY=-1";

  /** What the clinic logs when it runs without a backplane, as the field guide has it. */
  public static final String SINGLE_SERVER = "Redis not configured, using single-server mode";

  /**
   * Checks the values against the limits above.
   *
   * @throws IllegalArgumentException naming the variable and the limit
   */
  public ClinicSettings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "CLINIC_JDBC_URL must start with 'jdbc:', e.g. jdbc:postgresql://host:5432/clinic");
    }
    Objects.requireNonNull(jdbcUser, "jdbcUser");
    Objects.requireNonNull(jdbcPassword, "jdbcPassword");
    range("CLINIC_DB_POOL_SIZE", poolSize, 1, 1000);
    range("CLINIC_DB_CONNECTION_TIMEOUT_MS", connectionTimeout.toMillis(), 250, 600_000);
    range("CLINIC_DB_VALIDATION_TIMEOUT_MS", validationTimeout.toMillis(), 250, 600_000);
    if (validationTimeout.compareTo(connectionTimeout) >= 0) {
      throw new IllegalArgumentException(
          "CLINIC_DB_VALIDATION_TIMEOUT_MS must be below CLINIC_DB_CONNECTION_TIMEOUT_MS ("
              + connectionTimeout.toMillis()
              + "), was "
              + validationTimeout.toMillis());
    }
    if (!maxLifetime.isZero()) {
      range("CLINIC_DB_MAX_LIFETIME_MS", maxLifetime.toMillis(), 30_000, Long.MAX_VALUE);
    }
    Objects.requireNonNull(redisUrl, "redisUrl");
    Objects.requireNonNull(realtime, "realtime");
    environment = Map.copyOf(environment);
  }

  /**
   * Reads the settings from a map of environment variables; unset or blank ones keep the default.
   *
   * @param env the variables, e.g. {@link System#getenv()}
   * @return the settings
   * @throws IllegalArgumentException naming the variable and the limit
   */
  public static ClinicSettings fromEnvironment(Map<String, String> env) {
    return new ClinicSettings(
        value(env, "CLINIC_JDBC_URL").orElse(DEFAULT_JDBC_URL),
        value(env, "CLINIC_JDBC_USER"),
        value(env, "CLINIC_JDBC_PASSWORD"),
        poolSize(number(env, "CLINIC_DB_POOL_SIZE", 10)),
        Duration.ofMillis(number(env, "CLINIC_DB_CONNECTION_TIMEOUT_MS", 3000)),
        Duration.ofMillis(number(env, "CLINIC_DB_VALIDATION_TIMEOUT_MS", 1000)),
        Duration.ofMillis(number(env, "CLINIC_DB_MAX_LIFETIME_MS", 1_800_000)),
        value(env, "REDIS_URL"),
        RealtimeConfig.fromEnvironment(env),
        env);
  }

  /**
   * The settings for an embedded H2 database, no Redis and the given hub configuration: what tests
   * and a first try need.
   *
   * @param jdbcUrl the JDBC URL
   * @param realtime the hub's configuration
   * @return the settings
   */
  public static ClinicSettings of(String jdbcUrl, RealtimeConfig realtime) {
    return fromEnvironment(Map.of("CLINIC_JDBC_URL", jdbcUrl)).withRealtime(realtime);
  }

  /**
   * @param config the hub's configuration
   * @return a copy with that configuration
   */
  public ClinicSettings withRealtime(RealtimeConfig config) {
    return new ClinicSettings(
        jdbcUrl,
        jdbcUser,
        jdbcPassword,
        poolSize,
        connectionTimeout,
        validationTimeout,
        maxLifetime,
        redisUrl,
        config,
        environment);
  }

  /**
   * The hub's backplane: {@code redis} with {@code REDIS_URL} set, else single-server {@code
   * local}. An explicit {@code REALTIME_BACKPLANE} other than {@code auto} wins.
   *
   * @return the backplane name to give the hub
   */
  String backplane() {
    if (!realtime.backplane().equals("auto")) {
      return realtime.backplane();
    }
    return redisUrl.isPresent() ? "redis" : "local";
  }

  /**
   * @return the variables the backplane provider reads, {@code REDIS_URL} included
   */
  Map<String, String> backplaneEnvironment() {
    if (redisUrl.isEmpty() || redisUrl.get().equals(environment.get("REDIS_URL"))) {
      return environment;
    }
    Map<String, String> env = new HashMap<>(environment);
    env.put("REDIS_URL", redisUrl.get());
    return env;
  }

  private static int poolSize(long value) {
    range("CLINIC_DB_POOL_SIZE", value, 1, 1000);
    return (int) value;
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    String raw = env.get(name);
    return raw == null || raw.isBlank() ? Optional.empty() : Optional.of(raw.trim());
  }

  private static long number(Map<String, String> env, String name, long dflt) {
    Optional<String> raw = value(env, name);
    if (raw.isEmpty()) {
      return dflt;
    }
    try {
      return Long.parseLong(raw.get());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Environment variable " + name + " must be a whole number, was '" + raw.get() + "'");
    }
  }

  private static void range(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "Environment variable "
              + name
              + " must be "
              + (max == Long.MAX_VALUE ? "at least " + min : "between " + min + " and " + max)
              + ", was "
              + value);
    }
  }
}
