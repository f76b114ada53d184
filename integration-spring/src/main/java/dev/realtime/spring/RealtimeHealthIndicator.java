package dev.realtime.spring;

import dev.realtime.Hub;
import dev.realtime.spi.BackplaneHealth;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The hub's health: {@code UP} while messages flow between nodes (backplane {@code UP} or {@code
 * RECOVERED}), {@code DOWN} while the backplane is down (local delivery goes on, other nodes are
 * not reached). Details: backplane name, state and detail, node id, open connections.
 */
final class RealtimeHealthIndicator implements HealthIndicator {
  private final Hub hub;

  RealtimeHealthIndicator(Hub hub) {
    this.hub = hub;
  }

  @Override
  public Health health() {
    BackplaneHealth backplane = hub.backplaneHealth();
    Health.Builder health = backplane.isUp() ? Health.up() : Health.down();
    return health
        .withDetail("backplane", backplane.name())
        .withDetail("state", backplane.state().name())
        .withDetail("detail", backplane.detail())
        .withDetail("node", hub.nodeId())
        .withDetail("connections", hub.stats().totalConnections())
        .build();
  }
}
