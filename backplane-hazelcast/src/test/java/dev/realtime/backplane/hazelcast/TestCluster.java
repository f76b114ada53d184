package dev.realtime.backplane.hazelcast;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Hazelcast members in the test JVM, on loopback ports of their own, tuned to start, join and
 * notice a lost member in seconds: TCP-IP join on 127.0.0.1, multicast off, 11 partitions, no
 * waiting before the join, a 1 s heartbeat, phone-home off, logging through SLF4J. A member can be
 * shut down, terminated and started again on the same port.
 */
final class TestCluster implements AutoCloseable {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private final String name = "rt-test-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<Integer> ports;
  private final HazelcastInstance[] members;
  private final Consumer<Config> customizer;

  /** A cluster of {@code size} members on free ports, none running yet. */
  TestCluster(int size) {
    this(size, c -> {});
  }

  /** The same, with a last change to each member's configuration. */
  TestCluster(int size, Consumer<Config> customizer) {
    this.ports = freePorts(size);
    this.members = new HazelcastInstance[size];
    this.customizer = customizer;
  }

  /** Starts every member, one after the other, so each joins the first. */
  TestCluster start() {
    for (int i = 0; i < members.length; i++) {
      start(i);
    }
    return this;
  }

  /** Starts member {@code i} on its port. */
  synchronized HazelcastInstance start(int i) {
    if (members[i] != null && members[i].getLifecycleService().isRunning()) {
      throw new IllegalStateException("member " + i + " is running");
    }
    members[i] = Hazelcast.newHazelcastInstance(memberConfig(ports.get(i)));
    return members[i];
  }

  synchronized HazelcastInstance member(int i) {
    return members[i];
  }

  /** Graceful: the member hands its partitions over and says goodbye. */
  void shutdown(int i) {
    member(i).shutdown();
  }

  /** Abrupt: as if the process died; the others notice by the closed sockets and heartbeats. */
  void terminate(int i) {
    member(i).getLifecycleService().terminate();
  }

  /** Shuts every running member down. */
  synchronized void stop() {
    for (HazelcastInstance m : members) {
      if (m != null && m.getLifecycleService().isRunning()) {
        m.getLifecycleService().terminate();
      }
    }
  }

  String name() {
    return name;
  }

  /** {@code 127.0.0.1:port} of every member. */
  List<String> addresses() {
    return ports.stream().map(p -> "127.0.0.1:" + p).toList();
  }

  int port(int i) {
    return ports.get(i);
  }

  /** A fast member configuration for port {@code port} of this cluster. */
  Config memberConfig(int port) {
    Config c = new Config();
    c.setInstanceName(name + "-m" + SEQUENCE.incrementAndGet());
    c.setClusterName(name);
    c.getNetworkConfig().setPort(port);
    tune(c, addresses());
    customizer.accept(c);
    return c;
  }

  /** A client backplane builder for this cluster, reconnecting quickly. */
  HazelcastBackplane.Builder clientBackplane() {
    return HazelcastBackplane.client()
        .clusterName(name)
        .members(addresses())
        .maxReconnectDelay(Duration.ofMillis(300))
        .clientConfig(TestCluster::tune);
  }

  /** A builder for an embedded member of this cluster on port {@code port(i)}. */
  HazelcastBackplane.Builder memberBackplane(int i) {
    return HazelcastBackplane.member()
        .clusterName(name)
        .members(addresses())
        .port(ports.get(i))
        .memberConfig(c -> tune(c, addresses()));
  }

  /** Makes any member configuration fast and loopback-only; keeps cluster name and port. */
  static void tune(Config c, List<String> members) {
    c.setProperty("hazelcast.logging.type", "slf4j");
    c.setProperty("hazelcast.phone.home.enabled", "false");
    c.setProperty("hazelcast.partition.count", "11");
    c.setProperty("hazelcast.wait.seconds.before.join", "0");
    c.setProperty("hazelcast.max.wait.seconds.before.join", "0");
    c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    c.setProperty("hazelcast.max.no.heartbeat.seconds", "4");
    c.setProperty("hazelcast.graceful.shutdown.max.wait", "10");
    c.setProperty("hazelcast.shutdownhook.enabled", "false");
    c.setProperty("hazelcast.socket.bind.any", "false");
    c.getJetConfig().setEnabled(false);
    NetworkConfig network = c.getNetworkConfig();
    network.setPortAutoIncrement(false).setReuseAddress(true);
    network.getInterfaces().setEnabled(true).setInterfaces(List.of("127.0.0.1"));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(1).setMembers(members);
  }

  /** Makes a client configuration log through SLF4J and skip phone-home. */
  static void tune(ClientConfig c) {
    c.setProperty("hazelcast.logging.type", "slf4j");
    c.setProperty("hazelcast.phone.home.enabled", "false");
    c.setProperty("hazelcast.shutdownhook.enabled", "false");
  }

  @Override
  public void close() {
    stop();
  }

  private static List<Integer> freePorts(int n) {
    List<Integer> found = new ArrayList<>();
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(s);
        found.add(s.getLocalPort());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket s : held) {
        try {
          s.close();
        } catch (IOException e) {
          // ignored: only finding ports
        }
      }
    }
    return found;
  }
}
