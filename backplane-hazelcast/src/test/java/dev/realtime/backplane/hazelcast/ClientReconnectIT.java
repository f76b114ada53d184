package dev.realtime.backplane.hazelcast;

import static dev.realtime.backplane.hazelcast.Hubs.MSG;
import static dev.realtime.backplane.hazelcast.Hubs.awaitRoute;
import static dev.realtime.backplane.hazelcast.Hubs.eventually;
import static dev.realtime.backplane.hazelcast.Hubs.fence;
import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.Delivery;
import dev.realtime.DeliveryException;
import dev.realtime.Message;
import dev.realtime.spi.BackplaneState;
import dev.realtime.tck.RecordingOutlet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hubs on clients of a two-member cluster that goes away and comes back on the same ports: a new
 * cluster, which remembers none of the old listener registrations.
 */
class ClientReconnectIT {
  private final TestCluster cluster = new TestCluster(2);
  private final Hubs hubs = new Hubs();
  private final String room = "lobby";

  @AfterEach
  void stop() {
    try {
      hubs.close();
    } finally {
      cluster.close();
    }
  }

  @Test
  void clientLosingItsClusterGoesDownFailsFastAndRecoversWithItsListeners() {
    cluster.start();
    Hubs.Node a = hubs.start("a", cluster.clientBackplane().build());
    Hubs.Node b = hubs.start("b", cluster.clientBackplane().build());
    RecordingOutlet onA = a.member("ua", room);
    RecordingOutlet onB = b.member("ub", room);
    awaitRoute(a.hub(), room, onB);
    awaitRoute(b.hub(), room, onA);
    List<String> shardTopics = shardTopics();
    // A client's registration reaches the other member asynchronously: wait for both to agree.
    long registrations = awaitRegistrations(shardTopics);
    assertThat(registrations).isPositive();

    cluster.stop();

    for (Hubs.Node n : List.of(a, b)) {
      eventually().alias("DOWN").until(() -> n.state() == BackplaneState.DOWN);
    }
    long start = System.nanoTime();
    CompletableFuture<Delivery> lost =
        a.hub().broadcast(room, Message.of(MSG, "lost")).toCompletableFuture();
    eventually().atMost(Duration.ofSeconds(1)).until(lost::isDone);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
    assertThat(lost).isCompletedExceptionally();
    assertThat(lost.handle((d, e) -> e.getCause()))
        .isCompletedWithValueMatching(
            e -> e instanceof DeliveryException d && d.localRecipients() == 1);
    assertThat(onA.data(MSG)).as("local delivery goes on").containsExactly("lost");

    cluster.start();

    for (Hubs.Node n : List.of(a, b)) {
      eventually().alias("RECOVERED").until(() -> n.state() == BackplaneState.RECOVERED);
      assertThat(n.states()).containsExactly(BackplaneState.DOWN, BackplaneState.RECOVERED);
    }
    String gap = b.hub().config().gapEvent();
    eventually().alias("b's client told of the gap").until(() -> onB.count(gap) == 1);
    assertThat(onA.count(gap)).isEqualTo(1);
    // Listeners were registered again (recovered means so), exactly once each.
    eventually()
        .alias("both members to know " + registrations + " registrations again")
        .until(
            () ->
                Internals.registrations(cluster.member(0), shardTopics) == registrations
                    && Internals.registrations(cluster.member(1), shardTopics) == registrations);
    List<String> sent = IntStream.range(0, 3).mapToObj(i -> "after-" + i).toList();
    sent.forEach(s -> a.hub().broadcast(room, Message.of(MSG, s)));
    fence(a.hub(), room, onB);
    assertThat(onB.data(MSG)).containsExactlyElementsOf(sent);
  }

  @Test
  void clientStartedBeforeItsClusterReportsDownThenRecovers() {
    Hubs.Node a =
        hubs.start("a", cluster.clientBackplane().connectTimeout(Duration.ofMillis(500)).build());
    assertThat(a.state()).isEqualTo(BackplaneState.DOWN);
    assertThat(a.hub().backplaneHealth().detail()).contains("not connected");

    cluster.start();
    Hubs.Node b = hubs.start("b", cluster.clientBackplane().build());

    eventually().until(() -> a.state() == BackplaneState.RECOVERED);
    RecordingOutlet onA = a.member("ua", room);
    awaitRoute(b.hub(), room, onA);
    assertThat(b.states()).isEmpty();
  }

  /** Registrations once both members know the same, non-zero number of them. */
  private long awaitRegistrations(List<String> topics) {
    long[] seen = new long[2];
    eventually()
        .alias("both members to know the same listener registrations")
        .until(
            () -> {
              seen[0] = Internals.registrations(cluster.member(0), topics);
              seen[1] = Internals.registrations(cluster.member(1), topics);
              return seen[0] > 0 && seen[0] == seen[1];
            });
    return seen[0];
  }

  private static List<String> shardTopics() {
    Shards shards = new Shards("realtime.", 256);
    return IntStream.range(0, shards.count()).mapToObj(shards::topic).toList();
  }
}
