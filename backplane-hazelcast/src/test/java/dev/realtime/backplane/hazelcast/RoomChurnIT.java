package dev.realtime.backplane.hazelcast;

import static dev.realtime.backplane.hazelcast.Hubs.awaitRoute;
import static dev.realtime.backplane.hazelcast.Hubs.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.CloseReason;
import dev.realtime.Connection;
import dev.realtime.ConnectionRequest;
import dev.realtime.tck.RecordingOutlet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rooms come and go by the thousand (20 rounds of 2,000, each round closed while the next opens);
 * the cluster's topics and listener registrations stay within the shard count and fall back once
 * the rooms are gone, and a room that is wanted keeps receiving while other keys of its shard
 * leave.
 */
class RoomChurnIT {
  private static final int SHARDS = 256;
  private static final int ROUNDS = 20;
  private static final int ROOMS_PER_ROUND = 2_000;

  private final TestCluster cluster = new TestCluster(2);
  private final Hubs hubs = new Hubs();

  @AfterEach
  void stop() {
    try {
      hubs.close();
    } finally {
      cluster.close();
    }
  }

  @Test
  void topicsAndRegistrationsStayBoundedAsRoomsComeAndGo() {
    cluster.start();
    Hubs.Node a = hubs.start("a", HazelcastBackplane.create(cluster.member(0)));
    Hubs.Node b = hubs.start("b", HazelcastBackplane.create(cluster.member(1)));
    Shards shards = new Shards("realtime.", SHARDS);
    List<String> topics = IntStream.range(0, SHARDS).mapToObj(shards::topic).toList();
    // Settled: each hub listens only to the shard of its own node key.
    eventually().until(() -> Internals.registrations(cluster.member(0), topics) == 2);
    long baseline = Internals.registrations(cluster.member(0), topics);

    for (int round = 0; round < ROUNDS; round++) {
      List<Connection> open = new ArrayList<>();
      String lastRoom = "";
      for (int c = 0; c < ROOMS_PER_ROUND / 100; c++) {
        ConnectionRequest.Builder r = ConnectionRequest.builder("user-" + round + "-" + c);
        for (int i = 0; i < 100; i++) {
          lastRoom = "room-" + round + "-" + (c * 100 + i);
          r.room(lastRoom);
        }
        open.add(b.hub().open(r.build(), new RecordingOutlet()));
      }
      RecordingOutlet last = new RecordingOutlet();
      open.add(b.hub().open(ConnectionRequest.builder("last").room(lastRoom).build(), last));
      awaitRoute(a.hub(), lastRoom, last);

      assertThat(Internals.topics(cluster.member(0), "realtime.")).isLessThanOrEqualTo(SHARDS);
      assertThat(Internals.topics(cluster.member(1), "realtime.")).isLessThanOrEqualTo(SHARDS);
      assertThat(Internals.registrations(cluster.member(0), topics))
          .isLessThanOrEqualTo(2L * SHARDS);

      open.forEach(c -> c.close(CloseReason.SERVER));
    }

    eventually()
        .alias("registrations back to the node keys only")
        .until(() -> Internals.registrations(cluster.member(0), topics) == baseline);
    assertThat(cluster.member(0).getDistributedObjects()).hasSizeLessThanOrEqualTo(SHARDS);
    assertThat(b.hub().backplaneHealth().detail()).contains("1/256 shard topics listened");
  }
}
