package dev.realtime;

import dev.realtime.spi.BackplaneState;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of a hub's connections, as served by the stats endpoint. The first six fields are the
 * ones the field guides use: {@code utilizationPercent = totalConnections /
 * (maxConnectionsPerResource × resourceCount) × 100} (0 with no resource) and {@code
 * capacityRemaining = maxConnectionsPerResource × resourceCount − totalConnections}.
 *
 * @param totalConnections open connections on this node; a connection counts from the moment it
 *     takes its slot, a moment before its initial rooms are joined ({@link HubListener#onOpen}
 *     fires after the joins)
 * @param resourceCount resources with at least one connection
 * @param maxConnectionsPerResource the per-resource cap
 * @param connectionTimeout the absolute connection timeout (JSON renders it in milliseconds)
 * @param utilizationPercent see above, rounded to two decimals
 * @param capacityRemaining see above
 * @param maxConnections the node-wide cap
 * @param roomCount rooms with at least one local member
 * @param connectionsPerResource open connections per resource key (immutable)
 * @param backplane the backplane's name
 * @param backplaneState the backplane's state
 */
public record Stats(
    int totalConnections,
    int resourceCount,
    int maxConnectionsPerResource,
    Duration connectionTimeout,
    double utilizationPercent,
    long capacityRemaining,
    int maxConnections,
    int roomCount,
    Map<String, Integer> connectionsPerResource,
    String backplane,
    BackplaneState backplaneState) {

  /**
   * Copies the map and checks for nulls.
   *
   * @param totalConnections see the record component
   * @param resourceCount see the record component
   * @param maxConnectionsPerResource see the record component
   * @param connectionTimeout see the record component
   * @param utilizationPercent see the record component
   * @param capacityRemaining see the record component
   * @param maxConnections see the record component
   * @param roomCount see the record component
   * @param connectionsPerResource see the record component
   * @param backplane see the record component
   * @param backplaneState see the record component
   */
  public Stats {
    Objects.requireNonNull(connectionTimeout, "connectionTimeout");
    connectionsPerResource = Map.copyOf(connectionsPerResource);
    Objects.requireNonNull(backplane, "backplane");
    Objects.requireNonNull(backplaneState, "backplaneState");
  }

  /**
   * Computes the derived fields from the counts.
   *
   * @param totalConnections open connections
   * @param maxConnectionsPerResource the per-resource cap
   * @param connectionTimeout the absolute timeout
   * @param maxConnections the node-wide cap
   * @param roomCount rooms with local members
   * @param connectionsPerResource counts per resource
   * @param backplane backplane name
   * @param backplaneState backplane state
   * @return the snapshot
   */
  public static Stats of(
      int totalConnections,
      int maxConnectionsPerResource,
      Duration connectionTimeout,
      int maxConnections,
      int roomCount,
      Map<String, Integer> connectionsPerResource,
      String backplane,
      BackplaneState backplaneState) {
    int resources = connectionsPerResource.size();
    long capacity = (long) maxConnectionsPerResource * resources;
    double utilization =
        capacity == 0 ? 0 : Math.round(totalConnections * 10_000.0 / capacity) / 100.0;
    return new Stats(
        totalConnections,
        resources,
        maxConnectionsPerResource,
        connectionTimeout,
        utilization,
        capacity - totalConnections,
        maxConnections,
        roomCount,
        connectionsPerResource,
        backplane,
        backplaneState);
  }

  /**
   * @return {@link #connectionTimeout()} in milliseconds, as the JSON field carries it
   */
  public long connectionTimeoutMillis() {
    return connectionTimeout.toMillis();
  }
}
