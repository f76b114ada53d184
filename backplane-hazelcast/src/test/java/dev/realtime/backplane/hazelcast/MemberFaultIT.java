package dev.realtime.backplane.hazelcast;

import static dev.realtime.backplane.hazelcast.Hubs.MSG;
import static dev.realtime.backplane.hazelcast.Hubs.awaitRoute;
import static dev.realtime.backplane.hazelcast.Hubs.eventually;
import static dev.realtime.backplane.hazelcast.Hubs.fence;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.LifecycleEvent;
import dev.realtime.Message;
import dev.realtime.spi.BackplaneState;
import dev.realtime.spi.Target;
import dev.realtime.tck.RecordingOutlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three hubs, each on its own embedded member of one cluster; one member leaves, gracefully or
 * abruptly, and the other two go on delivering to each other without a blip. And a member whose
 * listener registration got lost while it merged after a split brain finds out and repairs it.
 */
class MemberFaultIT {
  private final TestCluster cluster = new TestCluster(3);
  private final Hubs hubs = new Hubs();
  private Hubs.Node a;
  private Hubs.Node b;
  private Hubs.Node c;
  private RecordingOutlet onA;
  private RecordingOutlet onB;
  private RecordingOutlet onC;
  private final String room = "ward-7";

  @BeforeEach
  void startThreeNodes() {
    cluster.start();
    a = hubs.start("a", HazelcastBackplane.create(cluster.member(0)));
    b = hubs.start("b", HazelcastBackplane.create(cluster.member(1)));
    c = hubs.start("c", HazelcastBackplane.create(cluster.member(2)));
    onA = a.member("nurse-a", room);
    onB = b.member("nurse-b", room);
    onC = c.member("nurse-c", room);
    awaitRoute(a.hub(), room, onB, onC);
    awaitRoute(c.hub(), room, onA, onB);
  }

  @AfterEach
  void stop() {
    try {
      hubs.close();
    } finally {
      cluster.close();
    }
  }

  @Test
  void memberShutDownGracefullyLeavesTheOthersDelivering() {
    cluster.shutdown(2);

    eventually().alias("c to report DOWN").until(() -> c.state() == BackplaneState.DOWN);
    assertThat(c.hub().backplaneHealth().isUp()).isFalse();
    assertDeliveringBetweenAAndB("after-shutdown");
    assertAAndBStayedUp();
    eventually()
        .alias("a to see two members")
        .until(() -> a.hub().backplaneHealth().detail().contains(" 2 member(s)"));
  }

  @Test
  void memberTerminatedAbruptlyLeavesTheOthersDelivering() {
    cluster.terminate(2);

    // At once, before the others have noticed the loss...
    assertDeliveringBetweenAAndB("before-detection");
    // ... and after they removed the member from the cluster.
    eventually()
        .alias("a and b to see two members")
        .until(
            () ->
                a.hub().backplaneHealth().detail().contains(" 2 member(s)")
                    && b.hub().backplaneHealth().detail().contains(" 2 member(s)"));
    assertDeliveringBetweenAAndB("after-detection");
    assertAAndBStayedUp();
  }

  @Test
  void registrationLostInASplitBrainMergeIsFoundByProbesAndReplaced() {
    Shards shards = new Shards("realtime.", 256);
    String topic = shards.topic(shards.of(Target.roomKey(room)));
    Internals.dropRegistrations(cluster.member(1), topic);

    Internals.fire(cluster.member(1), LifecycleEvent.LifecycleState.MERGING);
    eventually().until(() -> b.state() == BackplaneState.DOWN);
    Internals.fire(cluster.member(1), LifecycleEvent.LifecycleState.MERGED);

    eventually().until(() -> b.state() == BackplaneState.RECOVERED);
    assertThat(b.states()).containsExactly(BackplaneState.DOWN, BackplaneState.RECOVERED);
    eventually().until(() -> onB.count(b.hub().config().gapEvent()) == 1);
    assertDeliveringBetweenAAndB("after-merge");
    assertThat(a.states()).isEmpty();
  }

  private void assertDeliveringBetweenAAndB(String tag) {
    a.hub().broadcast(room, Message.of(MSG, tag + "-from-a"));
    b.hub().broadcast(room, Message.of(MSG, tag + "-from-b"));
    fence(a.hub(), room, onB);
    fence(b.hub(), room, onA);
    for (RecordingOutlet o : new RecordingOutlet[] {onA, onB}) {
      assertThat(o.data(MSG))
          .filteredOn(s -> s.startsWith(tag))
          .containsExactlyInAnyOrder(tag + "-from-a", tag + "-from-b");
    }
  }

  private void assertAAndBStayedUp() {
    assertThat(a.states()).as("states a was told").isEmpty();
    assertThat(b.states()).as("states b was told").isEmpty();
  }
}
