package dev.realtime.backplane.hazelcast;

import dev.realtime.RealtimeConfig;
import dev.realtime.spi.Backplane;
import dev.realtime.spi.BackplaneProvider;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Provides {@link HazelcastBackplane} under the name {@code hazelcast}, configured from the
 * environment:
 *
 * <ul>
 *   <li>{@code HAZELCAST_MEMBERS} — comma-separated {@code host:port} of the cluster's members;
 *       without it the provider is not configured. By default this node starts an embedded member
 *       that joins them over TCP-IP (the list may include the node itself);
 *   <li>{@code HAZELCAST_PORT} — the embedded member's own port (default 5701, or the next free
 *       one);
 *   <li>{@code HAZELCAST_CLUSTER_NAME} — the cluster name (default {@code realtime});
 *   <li>{@code HAZELCAST_CLIENT=true} — connect to the members as a client instead of becoming one.
 * </ul>
 *
 * Creating the backplane starts nothing; the hub's start does.
 */
public final class HazelcastBackplaneProvider implements BackplaneProvider {

  /** Creates the provider (used by {@link java.util.ServiceLoader}). */
  public HazelcastBackplaneProvider() {}

  @Override
  public String name() {
    return HazelcastBackplane.NAME;
  }

  @Override
  public Optional<Backplane> create(RealtimeConfig config, Map<String, String> environment) {
    String members = environment.get("HAZELCAST_MEMBERS");
    if (members == null || members.isBlank()) {
      return Optional.empty();
    }
    boolean client = flag("HAZELCAST_CLIENT", environment.get("HAZELCAST_CLIENT"));
    String port = environment.get("HAZELCAST_PORT");
    boolean hasPort = port != null && !port.isBlank();
    if (client && hasPort) {
      throw new IllegalArgumentException(
          "HAZELCAST_PORT is the port of an embedded member; a client (HAZELCAST_CLIENT=true)"
              + " has none");
    }
    HazelcastBackplane.Builder b =
        client ? HazelcastBackplane.client() : HazelcastBackplane.member();
    b.members(Addresses.parse("HAZELCAST_MEMBERS", members));
    String cluster = environment.get("HAZELCAST_CLUSTER_NAME");
    if (cluster != null && !cluster.isBlank()) {
      b.clusterName(cluster.trim());
    }
    if (hasPort) {
      b.port(port("HAZELCAST_PORT", port));
    }
    return Optional.of(b.build());
  }

  private static int port(String name, String raw) {
    try {
      int p = Integer.parseInt(raw.trim());
      if (p >= 1 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "Environment variable " + name + " must be a port 1 to 65535, was '" + raw.trim() + "'");
  }

  private static boolean flag(String name, String raw) {
    if (raw == null || raw.isBlank()) {
      return false;
    }
    String v = raw.trim().toLowerCase(Locale.ROOT);
    if (v.equals("true")) {
      return true;
    }
    if (v.equals("false")) {
      return false;
    }
    throw new IllegalArgumentException(
        "Environment variable " + name + " must be true or false, was '" + raw.trim() + "'");
  }
}
