package dev.realtime.backplane.hazelcast;

import static dev.realtime.backplane.hazelcast.Hubs.awaitRoute;
import static dev.realtime.backplane.hazelcast.Hubs.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.spi.BackplaneState;
import dev.realtime.tck.RecordingOutlet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What starting and closing a backplane leaves behind: threads, instances, registrations. */
class LifecycleIT {
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
  void closeStopsEveryThreadOfTheMembersAndClientsItStarted() {
    // The backplanes start both members of the cluster themselves, and a client of them.
    Hubs.Node a = hubs.start("a", cluster.memberBackplane(0).build());
    Hubs.Node b = hubs.start("b", cluster.memberBackplane(1).build());
    Hubs.Node c = hubs.start("c", cluster.clientBackplane().build());
    RecordingOutlet onC = c.member("uc", "room");
    RecordingOutlet onB = b.member("ub", "room");
    awaitRoute(a.hub(), "room", onB, onC);
    assertThat(a.hub().backplaneHealth().detail()).startsWith("member of cluster 'rt-test-");
    assertThat(c.hub().backplaneHealth().detail()).startsWith("client of cluster 'rt-test-");
    List<String> ids = List.of(hubs.nodeId("a"), hubs.nodeId("b"), hubs.nodeId("c"));
    assertThat(threadsOf(ids)).isNotEmpty();

    hubs.close();

    eventually().alias("no thread of the closed nodes").until(() -> threadsOf(ids).isEmpty());
  }

  @Test
  void closeLeavesTheHostsMemberRunningWithoutTheBackplanesListeners() {
    cluster.start();
    Hubs.Node a = hubs.start("a", HazelcastBackplane.create(cluster.member(0)));
    Hubs.Node b = hubs.start("b", HazelcastBackplane.create(cluster.member(1)));
    RecordingOutlet onB = b.member("ub", "room");
    awaitRoute(a.hub(), "room", onB);
    Shards shards = new Shards("realtime.", 256);
    List<String> topics = IntStream.range(0, 256).mapToObj(shards::topic).toList();
    assertThat(Internals.registrations(cluster.member(0), topics)).isPositive();

    hubs.close();

    assertThat(cluster.member(0).getLifecycleService().isRunning()).isTrue();
    assertThat(cluster.member(1).getLifecycleService().isRunning()).isTrue();
    assertThat(Internals.registrations(cluster.member(0), topics)).isZero();
    assertThat(a.states()).doesNotContain(BackplaneState.DOWN);
  }

  private static List<String> threadsOf(List<String> nodeIds) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> nodeIds.stream().anyMatch(n::contains))
        .toList();
  }
}
