package dev.realtime.backplane.hazelcast;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig.ReconnectMode;
import com.hazelcast.client.config.ConnectionRetryConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.config.NetworkConfig;
import java.util.EventListener;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/** Builds the Hazelcast configuration of a member or client the backplane starts itself. */
final class Configs {
  static final int DEFAULT_PORT = 5701;
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private Configs() {}

  /**
   * An embedded member: TCP-IP join to the given members (multicast and auto-detection off unless
   * multicast is asked for), phone-home off, the host's customizer last.
   */
  static Config member(HazelcastSettings s, String nodeId, EventListener... listeners) {
    Config c = new Config();
    c.setClusterName(s.clusterName());
    c.setInstanceName(instanceName(nodeId));
    owned(c::setProperty);
    NetworkConfig network = c.getNetworkConfig();
    network.setPort(s.port() == 0 ? DEFAULT_PORT : s.port());
    // Without an explicit port several members on one machine take 5701, 5702, ...
    network.setPortAutoIncrement(s.port() == 0);
    JoinConfig join = network.getJoin();
    join.getAutoDetectionConfig().setEnabled(false);
    join.getMulticastConfig().setEnabled(s.multicast());
    join.getTcpIpConfig().setEnabled(!s.members().isEmpty()).setMembers(s.members());
    for (EventListener l : listeners) {
      c.addListenerConfig(new ListenerConfig(l));
    }
    s.memberCustomizer().accept(c);
    return c;
  }

  /**
   * A smart client that starts without waiting for the cluster, fails invocations at once while
   * disconnected ({@link ReconnectMode#ASYNC}) instead of holding them, and retries connecting
   * forever with a backoff capped at {@code maxReconnectDelay}.
   */
  static ClientConfig client(HazelcastSettings s, String nodeId, EventListener... listeners) {
    ClientConfig c = new ClientConfig();
    c.setClusterName(s.clusterName());
    c.setInstanceName(instanceName(nodeId));
    owned(c::setProperty);
    c.getNetworkConfig().setAddresses(s.members());
    int maxDelay = (int) Math.min(Integer.MAX_VALUE, s.maxReconnectDelay().toMillis());
    c.getConnectionStrategyConfig()
        .setAsyncStart(true)
        .setReconnectMode(ReconnectMode.ASYNC)
        .setConnectionRetryConfig(
            new ConnectionRetryConfig()
                .setInitialBackoffMillis(Math.min(100, maxDelay))
                .setMaxBackoffMillis(maxDelay)
                .setMultiplier(2)
                .setJitter(0.2)
                .setClusterConnectTimeoutMillis(-1)); // never give up and shut down
    for (EventListener l : listeners) {
      c.addListenerConfig(new ListenerConfig(l));
    }
    s.clientCustomizer().accept(c);
    return c;
  }

  /**
   * Properties of every instance the backplane owns: no phone-home, and no JVM shutdown hook of
   * Hazelcast's own. The hub closes the backplane after draining its streams, and the backplane
   * then shuts the instance down gracefully; Hazelcast's hook would pull the cluster away first.
   */
  private static void owned(BiConsumer<String, String> property) {
    property.accept("hazelcast.phone.home.enabled", "false");
    property.accept("hazelcast.shutdownhook.enabled", "false");
  }

  /** Unique in the JVM; Hazelcast's thread names start with {@code hz.<instance name>}. */
  private static String instanceName(String nodeId) {
    return "realtime-" + nodeId + "-" + INSTANCES.incrementAndGet();
  }
}
