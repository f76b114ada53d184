package dev.realtime.backplane.redis;

import static dev.realtime.backplane.redis.Hubs.MSG;
import static dev.realtime.backplane.redis.Hubs.awaitRoute;
import static dev.realtime.backplane.redis.Hubs.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.Message;
import dev.realtime.spi.BackplaneState;
import dev.realtime.spi.Target;
import dev.realtime.tck.RecordingOutlet;
import dev.realtime.tck.RedisServer;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two hubs on a three-primary Redis Cluster, with sharded pub/sub across slots of every shard. */
class RedisClusterIT {
  private static RedisCluster cluster;
  private final Hubs hubs = new Hubs();

  @BeforeAll
  static void startCluster() {
    cluster = RedisCluster.start();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void closeHubs() {
    hubs.close();
  }

  private RedisBackplane backplane() {
    return RedisBackplane.builder()
        .uris(cluster.uris())
        .probeInterval(Duration.ofMillis(300))
        .probeTimeout(Duration.ofSeconds(1))
        .maxReconnectDelay(Duration.ofMillis(300))
        .build();
  }

  @Test
  void roomsOnEveryShardDeliverAcrossNodesThroughShardedPubSub() {
    Hubs.Node a = hubs.start("a", backplane());
    Hubs.Node b = hubs.start("b", backplane());
    List<String> rooms = IntStream.range(0, 24).mapToObj(i -> "room-" + i).toList();
    // redis-cli splits the 16,384 slots evenly: the rooms' channels must land on all three.
    Set<Integer> shards =
        rooms.stream()
            .map(r -> SlotHash.getSlot("realtime:" + Target.roomKey(r)) / 5462)
            .collect(Collectors.toSet());
    assertThat(shards).containsExactlyInAnyOrder(0, 1, 2);

    Map<String, RecordingOutlet> onB = new LinkedHashMap<>();
    Map<String, RecordingOutlet> onA = new LinkedHashMap<>();
    for (String room : rooms) {
      onB.put(room, b.member("ub", room));
      onA.put(room, a.member("ua", room));
    }
    for (String room : rooms) {
      awaitRoute(a.hub(), room, onB.get(room));
      awaitRoute(b.hub(), room, onA.get(room));
    }

    for (String room : rooms) {
      a.hub().broadcast(room, Message.of(MSG, "from-a:" + room));
      b.hub().broadcast(room, Message.of(MSG, "from-b:" + room));
    }

    for (String room : rooms) {
      eventually().until(() -> onB.get(room).count(MSG) == 2 && onA.get(room).count(MSG) == 2);
      // one local and one remote delivery each: their order between two publishers is open
      assertThat(onB.get(room).data(MSG))
          .containsExactlyInAnyOrder("from-a:" + room, "from-b:" + room);
      assertThat(onA.get(room).data(MSG))
          .containsExactlyInAnyOrder("from-a:" + room, "from-b:" + room);
    }
    List<String> classic = new ArrayList<>();
    List<String> sharded = new ArrayList<>();
    for (RedisServer node : cluster.nodes()) {
      classic.addAll(lines(node.cli("PUBSUB", "CHANNELS")));
      sharded.addAll(lines(node.cli("PUBSUB", "SHARDCHANNELS")));
      assertThat(node.cli("PUBSUB", "NUMPAT").trim()).isEqualTo("0");
    }
    assertThat(classic).as("classic (non-sharded) channels").isEmpty();
    List<String> expected = new ArrayList<>();
    rooms.forEach(r -> expected.add("realtime:" + Target.roomKey(r)));
    for (String node : List.of("a", "b")) {
      expected.add("realtime:" + Target.resourceKey("u" + node));
      expected.add("realtime:" + Target.nodeKey(node));
      expected.add("realtime:probe:" + node);
    }
    assertThat(sharded)
        .as("shard channels: rooms, resources, node and probe channels, each on its own shard")
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(a.states()).isEmpty();
  }

  @Test
  void killedShardIsReportedAndItsRoomsResumeAfterRestart() {
    Hubs.Node a = hubs.start("a", backplane());
    Hubs.Node b = hubs.start("b", backplane());
    RedisServer victim = cluster.nodes().get(1);
    // a room whose channel lives on the victim's slots (5461-10922)
    String room =
        IntStream.range(0, 1000)
            .mapToObj(i -> "shard-room-" + i)
            .filter(r -> SlotHash.getSlot("realtime:" + Target.roomKey(r)) / 5462 == 1)
            .findFirst()
            .orElseThrow();
    RecordingOutlet onB = b.member("ub", room);
    awaitRoute(a.hub(), room, onB);

    victim.kill9();
    eventually().until(() -> b.state() == BackplaneState.DOWN);
    victim.restart();

    eventually().until(() -> b.state() == BackplaneState.RECOVERED);
    eventually().until(() -> onB.count("realtime-gap") == 1);
    awaitRoute(a.hub(), room, onB);
    a.hub().broadcast(room, Message.of(MSG, "after-restart"));
    eventually().until(() -> onB.contains(MSG, "after-restart"));
  }

  private static List<String> lines(String output) {
    return output.lines().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
