package dev.realtime.spring;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * The web part under {@code realtime.sse.*}: where the SSE and stats endpoints are mounted, their
 * options, and how far Tomcat's connection limit is raised above {@code realtime.max-connections}.
 */
@ConfigurationProperties("realtime.sse")
public class RealtimeSseProperties {

  /** Whether the SSE and stats endpoints are registered (and Tomcat's limit raised). */
  private boolean enabled = true;

  /** Path of the SSE endpoint: GET PATH?room=NAME[&amp;resource=KEY] opens a stream. */
  private String path = "/events";

  /**
   * Whether the stats endpoint is registered; it lists resource keys, protect it like an admin
   * page.
   */
  private boolean statsEnabled = true;

  /** Path of the stats endpoint (Hub.stats() as JSON). */
  private String statsPath = "/api/sse/stats";

  /** Retry-After sent with 429 (cap reached) and 503 (shutting down) answers, 0 to 1 day. */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration retryAfter = Duration.ofSeconds(5);

  /** Response buffer per stream (256B to 1MB); small keeps idle streams cheap. */
  private DataSize responseBufferSize = DataSize.ofBytes(2048);

  /**
   * Connections Tomcat keeps for ordinary requests on top of realtime.max-connections: its
   * maxConnections is raised to at least the sum, never lowered.
   */
  private int connectionHeadroom = 1024;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public boolean isStatsEnabled() {
    return statsEnabled;
  }

  public void setStatsEnabled(boolean statsEnabled) {
    this.statsEnabled = statsEnabled;
  }

  public String getStatsPath() {
    return statsPath;
  }

  public void setStatsPath(String statsPath) {
    this.statsPath = statsPath;
  }

  public Duration getRetryAfter() {
    return retryAfter;
  }

  public void setRetryAfter(Duration retryAfter) {
    this.retryAfter = retryAfter;
  }

  public DataSize getResponseBufferSize() {
    return responseBufferSize;
  }

  public void setResponseBufferSize(DataSize responseBufferSize) {
    this.responseBufferSize = responseBufferSize;
  }

  public int getConnectionHeadroom() {
    return connectionHeadroom;
  }

  public void setConnectionHeadroom(int connectionHeadroom) {
    this.connectionHeadroom = connectionHeadroom;
  }
}
