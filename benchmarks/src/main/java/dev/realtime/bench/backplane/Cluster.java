package dev.realtime.bench.backplane;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.realtime.backplane.hazelcast.HazelcastBackplane;
import dev.realtime.backplane.local.LocalBus;
import dev.realtime.backplane.redis.RedisBackplane;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;

/**
 * What the two nodes of one run share, and the routes over it: a {@link LocalBus}; a Redis server
 * (not owned); or two embedded Hazelcast members in this JVM on loopback ports, which the library's
 * backplanes and the baseline both use. Channel, topic and cluster names are unique per run, so
 * runs sharing a Redis never hear each other.
 */
final class Cluster implements AutoCloseable {

  /** The transports a run can go over. */
  enum Kind {
    LOCAL,
    REDIS,
    HAZELCAST
  }

  private final Kind kind;
  private final String redisUrl;
  private final LocalBus bus = new LocalBus();
  private final HazelcastInstance[] members;

  private Cluster(Kind kind, String redisUrl, HazelcastInstance[] members) {
    this.kind = kind;
    this.redisUrl = redisUrl;
    this.members = members;
  }

  /**
   * Starts what the kind needs (two Hazelcast members; nothing for the others).
   *
   * @param redisUrl the server for {@link Kind#REDIS}
   */
  static Cluster start(Kind kind, String redisUrl) {
    if (kind != Kind.HAZELCAST) {
      return new Cluster(kind, redisUrl, new HazelcastInstance[0]);
    }
    String name = NaiveTransport.unique("bench-");
    List<Integer> ports = List.of(freePort(), freePort());
    List<String> addresses = ports.stream().map(p -> "127.0.0.1:" + p).toList();
    HazelcastInstance[] members = new HazelcastInstance[2];
    try {
      for (int i = 0; i < 2; i++) {
        members[i] = Hazelcast.newHazelcastInstance(memberConfig(name, ports.get(i), addresses));
      }
    } catch (RuntimeException e) {
      for (HazelcastInstance m : members) {
        if (m != null) {
          m.getLifecycleService().terminate();
        }
      }
      throw e;
    }
    return new Cluster(kind, redisUrl, members);
  }

  Kind kind() {
    return kind;
  }

  /** Hub A and hub B over this cluster's backplane. */
  HubRoute library(Recorder recorder) {
    return switch (kind) {
      case LOCAL -> new HubRoute(bus.newBackplane(), bus.newBackplane(), recorder);
      case REDIS -> {
        String prefix = NaiveTransport.unique("bench-") + ":";
        yield new HubRoute(redis(prefix), redis(prefix), recorder);
      }
      case HAZELCAST ->
          new HubRoute(
              HazelcastBackplane.create(members[0]),
              HazelcastBackplane.create(members[1]),
              recorder);
    };
  }

  /** The hand-rolled bridge over the same transport. */
  NaiveRoute baseline(Recorder recorder) {
    NaiveTransport t =
        switch (kind) {
          case LOCAL -> NaiveTransport.local();
          case REDIS -> NaiveTransport.redis(redisUrl, NaiveTransport.unique("naive-events-"));
          case HAZELCAST ->
              NaiveTransport.hazelcast(
                  members[0], members[1], NaiveTransport.unique("naive-events-"));
        };
    return new NaiveRoute(t, recorder);
  }

  private RedisBackplane redis(String prefix) {
    return RedisBackplane.builder().uri(redisUrl).channelPrefix(prefix).build();
  }

  /** Shuts the Hazelcast members down. */
  @Override
  public void close() {
    for (HazelcastInstance m : members) {
      m.getLifecycleService().terminate();
    }
  }

  /** A member on 127.0.0.1 only: TCP-IP join, no multicast, no phone-home, no Jet. */
  private static Config memberConfig(String cluster, int port, List<String> addresses) {
    Config c = new Config();
    c.setClusterName(cluster);
    c.setInstanceName(cluster + "-" + port);
    c.setProperty("hazelcast.logging.type", "slf4j");
    c.setProperty("hazelcast.phone.home.enabled", "false");
    c.setProperty("hazelcast.shutdownhook.enabled", "false");
    c.setProperty("hazelcast.wait.seconds.before.join", "0");
    c.setProperty("hazelcast.socket.bind.any", "false");
    c.getJetConfig().setEnabled(false);
    NetworkConfig network = c.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(false).setReuseAddress(true);
    network.getInterfaces().setEnabled(true).setInterfaces(List.of("127.0.0.1"));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(addresses);
    return c;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
