package dev.realtime.backplane.redis;

import static org.awaitility.Awaitility.await;

import dev.realtime.tck.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A three-primary Redis Cluster of {@link RedisServer} processes, created with {@code redis-cli
 * --cluster create} and ready once every node reports {@code cluster_state:ok}.
 */
final class RedisCluster implements AutoCloseable {
  private final List<RedisServer> nodes = new ArrayList<>();

  static RedisCluster start() {
    RedisCluster c = new RedisCluster();
    try {
      for (int i = 0; i < 3; i++) {
        c.nodes.add(
            RedisServer.start(
                (port, dir) ->
                    List.of(
                        "--cluster-enabled",
                        "yes",
                        "--cluster-node-timeout",
                        "2000",
                        "--cluster-config-file",
                        dir.resolve("nodes-" + port + ".conf").toString())));
      }
      List<String> create = new ArrayList<>(List.of(RedisServer.CLI, "--cluster", "create"));
      c.nodes.forEach(n -> create.add("127.0.0.1:" + n.port()));
      create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      RedisServer.run(create);
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .alias("every cluster node to report cluster_state:ok")
          .until(() -> c.nodes.stream().allMatch(RedisCluster::ok));
      return c;
    } catch (RuntimeException | Error e) {
      c.close();
      throw e;
    }
  }

  private static boolean ok(RedisServer node) {
    return node.cli("cluster", "info").contains("cluster_state:ok");
  }

  List<RedisServer> nodes() {
    return nodes;
  }

  List<String> uris() {
    return nodes.stream().map(RedisServer::uri).toList();
  }

  @Override
  public void close() {
    nodes.forEach(RedisServer::close);
    nodes.clear();
  }
}
