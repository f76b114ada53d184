package dev.realtime.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.Connection;
import dev.realtime.ConnectionRequest;
import dev.realtime.Delivery;
import dev.realtime.DeliveryException;
import dev.realtime.Hub;
import dev.realtime.Message;
import dev.realtime.RealtimeConfig;
import dev.realtime.spi.Backplane;
import dev.realtime.spi.BackplaneState;
import dev.realtime.spi.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Backplane} passes, as JUnit 5 tests: a backplane module's test extends
 * this class and says how to make one more node of a cluster and how to break and mend the cluster.
 * Each test starts real hubs (named {@code a}, {@code b}, {@code c}) joined by the backplane under
 * test, connects clients through {@link RecordingOutlet}s and checks cross-node delivery exactly
 * once, no echo, interest on and off, order per publisher and room, payloads, 10,000 rooms,
 * concurrent publishers, connection and resource targets, close and restart, and outage with
 * recovery.
 *
 * <pre>{@code
 * class MyBackplaneContractIT extends BackplaneContract {
 *   static final MyServer server = MyServer.startOnFreePort();
 *
 *   protected Backplane newBackplane() { return new MyBackplane(server.uri()); }
 *   protected void startOutage() { server.kill(); }
 *   protected void endOutage() { server.restartOnSamePort(); }
 * }
 * }</pre>
 *
 * <p>Nothing sleeps: subscriptions become effective asynchronously on real backplanes, so tests
 * first {@linkplain #awaitRoute probe} a route until it carries messages; absence is checked after
 * a later message (a fence) has arrived. Room, resource and node names are unique per test, so
 * tests sharing one server do not see each other's traffic. The whole kit takes a few seconds on a
 * fast backplane.
 */
public abstract class BackplaneContract {
  private static final String MSG = "tck-message";

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final Nodes nodes = new Nodes();
  private volatile boolean outage;

  /** For subclasses. */
  protected BackplaneContract() {}

  /**
   * A new, not yet started backplane for one more node of the same cluster.
   *
   * @return the backplane; the hub it is given to starts and closes it
   * @throws Exception when it cannot be created
   */
  protected abstract Backplane newBackplane() throws Exception;

  /**
   * Makes the cluster unreachable for every node (e.g. kill the Redis server).
   *
   * @throws Exception when the outage cannot be started
   */
  protected abstract void startOutage() throws Exception;

  /**
   * Ends the outage (e.g. restart the server on the same port). The kit also calls it after a test
   * that failed during an outage.
   *
   * @throws Exception when the cluster cannot be restored
   */
  protected abstract void endOutage() throws Exception;

  /**
   * How long delivery, subscription and recovery may take.
   *
   * @return default 10 s
   */
  protected Duration patience() {
    return Duration.ofSeconds(10);
  }

  /**
   * The largest message the kit sends, also the hubs' {@link RealtimeConfig#maxMessageBytes()}.
   *
   * @return default 64 KiB (the hub default); 1 KiB to 16 MiB
   */
  protected int maxMessageBytes() {
    return 64 * 1024;
  }

  // ---- helpers, also for subclasses' own tests ----

  /**
   * Starts a hub on a {@linkplain #newBackplane() new backplane}; it is closed after the test.
   *
   * @param name a short node name such as {@code a}; the node id adds a per-test suffix, so the
   *     same name in one test means the same node id (a restarted node)
   * @return the running hub
   * @throws Exception when the backplane cannot be created
   */
  protected final Hub startHub(String name) throws Exception {
    return nodes.start(name + "-" + run, newBackplane(), config());
  }

  /**
   * Opens a connection on a hub, in the given rooms, recording what it receives.
   *
   * @param hub the hub
   * @param resource the resource key (made unique per test)
   * @param rooms room names, as returned by {@link #unique}
   * @return the connection's outlet
   */
  protected final RecordingOutlet member(Hub hub, String resource, String... rooms) {
    RecordingOutlet outlet = new RecordingOutlet();
    hub.open(request(resource, rooms), outlet);
    return outlet;
  }

  /**
   * A name unique to this test, for rooms and resources.
   *
   * @param name the readable part
   * @return the name with a per-test suffix
   */
  protected final String unique(String name) {
    return name + "-" + run;
  }

  /**
   * Waits until broadcasts from {@code from} to {@code room} reach every given outlet: sends probe
   * messages (event {@code tck-probe}) until each outlet saw one, then a fence (event {@code
   * tck-fence}) so no probe is still in flight afterwards.
   *
   * @param from the publishing hub
   * @param room the room
   * @param to outlets of members of the room, usually on other nodes
   */
  protected final void awaitRoute(Hub from, String room, RecordingOutlet... to) {
    Probes.awaitRoutes(eventually(), List.of(route(from, room, to)));
  }

  /**
   * Awaitility bounded by {@link #patience()}, polling at once and then often.
   *
   * @return a condition factory
   */
  protected final ConditionFactory eventually() {
    return Awaitility.await()
        .atMost(patience())
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5));
  }

  @AfterEach
  final void closeNodes() throws Exception {
    try {
      if (outage) {
        outage = false;
        endOutage();
      }
    } finally {
      nodes.close();
    }
  }

  // ---- the contract ----

  @Test
  void broadcastReachesEveryNodeExactlyOnce() throws Exception {
    Hub a = startHub("a");
    Hub b = startHub("b");
    Hub c = startHub("c");
    String room = unique("chat");
    RecordingOutlet onA = member(a, "ua", room);
    RecordingOutlet onB1 = member(b, "ub1", room);
    RecordingOutlet onB2 = member(b, "ub2", room);
    RecordingOutlet onC = member(c, "uc", room);
    awaitRoute(a, room, onB1, onB2, onC);

    Delivery d = complete(a.broadcast(room, Message.of(MSG, "hello")));

    assertThat(d).isEqualTo(new Delivery(1, true));
    fence(a, room, onB1, onB2, onC);
    fence(c, room, onA);
    for (RecordingOutlet o : List.of(onA, onB1, onB2, onC)) {
      assertThat(o.data(MSG)).containsExactly("hello");
    }
  }

  @Test
  void publisherDoesNotReceiveItsOwnBroadcastBack() throws Exception {
    Hub a = startHub("a");
    Hub c = startHub("c");
    String room = unique("echo");
    RecordingOutlet onA1 = member(a, "ua1", room);
    RecordingOutlet onA2 = member(a, "ua2", room);
    member(c, "uc", room);
    // A's own subscription to the room is live, so an echo would come back through it.
    awaitRoute(c, room, onA1, onA2);

    for (int i = 0; i < 3; i++) {
      assertThat(complete(a.broadcast(room, Message.of(MSG, "m" + i))).localRecipients())
          .isEqualTo(2);
    }

    fence(c, room, onA1, onA2);
    assertThat(onA1.data(MSG)).containsExactly("m0", "m1", "m2");
    assertThat(onA2.data(MSG)).containsExactly("m0", "m1", "m2");
    // The hub drops its own envelopes anyway; the SPI says the backplane must not send them.
    assertThat(nodes.echoes(a)).as("envelopes node a published that came back to it").isZero();
  }

  @Test
  void nodeWithoutMembersInRoomReceivesNothingForIt() throws Exception {
    Hub a = startHub("a");
    Hub b = startHub("b");
    Hub c = startHub("c");
    String room = unique("busy");
    String other = unique("other");
    RecordingOutlet onB = member(b, "ub", room);
    RecordingOutlet onC = member(c, "uc", other);
    awaitRoute(a, room, onB);
    awaitRoute(a, other, onC);

    complete(a.broadcast(room, Message.of(MSG, "only-for-b")));

    fence(a, room, onB);
    fence(a, other, onC);
    assertThat(onB.data(MSG)).containsExactly("only-for-b");
    assertThat(onC.count(MSG)).isZero();
    assertThat(nodes.received(c, Target.roomKey(room)))
        .as("envelopes node c got for a room it has no member in")
        .isZero();
  }

  @Test
  void nodeStopsReceivingAfterItsLastMemberLeaves() throws Exception {
    Hub a = startHub("a");
    Hub b = startHub("b");
    String room = unique("leaving");
    String other = unique("staying");
    RecordingOutlet out1 = new RecordingOutlet();
    RecordingOutlet out2 = new RecordingOutlet();
    Connection m1 = b.open(request("ub1", room), out1);
    Connection m2 = b.open(request("ub2", room), out2);
    RecordingOutlet onOther = member(b, "ub3", other);
    awaitRoute(a, room, out1, out2);
    awaitRoute(a, other, onOther);

    b.leave(m1, room);
    complete(a.broadcast(room, Message.of(MSG, "one-left")));
    fence(a, room, out2);
    assertThat(out2.data(MSG)).containsExactly("one-left");

    b.leave(m2, room);
    // Unsubscribing is asynchronous: repeat until a round passes in which b got nothing for the
    // room before a later message in its other room.
    eventually()
        .alias("node b to stop receiving the room its last member left")
        .until(
            () -> {
              long before = nodes.received(b, Target.roomKey(room));
              complete(a.broadcast(room, Message.of(MSG, "after-leave")));
              fence(a, other, onOther);
              return nodes.received(b, Target.roomKey(room)) == before;
            });
    assertThat(out1.data(MSG)).isEmpty();
    assertThat(out2.data(MSG)).containsExactly("one-left");
  }

  @Test
  void messagesFromOnePublisherArriveInOrder() throws Exception {
    Hub a = startHub("a");
    Hub b = startHub("b");
    String room = unique("order");
    RecordingOutlet onB = member(b, "ub", room);
    awaitRoute(a, room, onB);
    List<String> sent = IntStream.range(0, 500).mapToObj(Integer::toString).toList();

    List<CompletionStage<Delivery>> stages = new ArrayList<>();
    for (String s : sent) {
      stages.add(a.broadcast(room, Message.of(MSG, s)));
    }

    completeAll(stages);
    fence(a, room, onB);
    assertThat(onB.data(MSG)).containsExactlyElementsOf(sent);
  }

  @Test
  void payloadsArriveIntact() throws Exception {
    Hub a = startHub("a");
    Hub b = startHub("b");
    String room = unique("payloads");
    RecordingOutlet onB = member(b, "ub", room);
    awaitRoute(a, room, onB);
    List<Message> sent = Payloads.all(maxMessageBytes());

    for (Message m : sent) {
      complete(a.broadcast(room, m));
    }

    fence(a, room, onB);
    List<SseEvent> got =
        onB.events().stream().filter(e -> e.event().startsWith(Payloads.EVENT)).toList();
    assertThat(got).hasSameSizeAs(sent);
    for (int i = 0; i < sent.size(); i++) {
      Message m = sent.get(i);
      SseEvent e = got.get(i);
      String what = "payload " + m.id().orElseThrow();
      assertThat(e.event()).as(what + ": event").isEqualTo(m.event().orElseThrow());
      assertThat(e.id()).as(what + ": id").isEqualTo(m.id().orElseThrow());
      assertThat(e.dataBytes())
          .as(what + ": data (" + m.dataLength() + " bytes)")
          .isEqualTo(m.data());
    }
  }

  @Test
  void tenThousandRoomsEachGetTheirMessage() throws Exception {
    Hub a = startHub("a");
    Hub b = startHub("b");
    Map<String, RecordingOutlet> members = new LinkedHashMap<>();
    for (int i = 0; i < 10_000; i++) {
      String room = unique("room-" + i);
      members.put(room, member(b, "many", room));
    }
    List<Probes.Route> routes = new ArrayList<>();
    members.forEach((room, outlet) -> routes.add(route(a, room, outlet)));
    Probes.awaitRoutes(eventually(), routes);

    List<CompletionStage<Delivery>> stages = new ArrayList<>();
    for (String room : members.keySet()) {
      stages.add(a.broadcast(room, Message.of(MSG, room)));
    }

    completeAll(stages);
    List<RecordingOutlet> pending = new ArrayList<>(members.values());
    eventually()
        .pollInterval(Duration.ofMillis(50))
        .alias("every one of 10,000 rooms to get its message")
        .until(
            () -> {
              pending.removeIf(o -> o.count(MSG) > 0);
              return pending.isEmpty();
            });
    List<String> wrong =
        members.entrySet().stream()
            .filter(e -> !e.getValue().data(MSG).equals(List.of(e.getKey())))
            .map(Map.Entry::getKey)
            .toList();
    assertThat(wrong).as("rooms whose member did not get exactly its own message").isEmpty();
  }

  @Test
  void concurrentPublishersKeepOrderPerPublisher() throws Exception {
    Hub a = startHub("a");
    Hub b = startHub("b");
    Hub c = startHub("c");
    String room = unique("busy-room");
    RecordingOutlet onB = member(b, "ub", room);
    awaitRoute(a, room, onB);
    awaitRoute(c, room, onB);
    int perPublisher = 250;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<String> publishers = new ArrayList<>();
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<CompletionStage<Delivery>>>> running = new ArrayList<>();
      for (int p = 0; p < 8; p++) {
        Hub from = p < 4 ? a : c;
        String name = (p < 4 ? "a" : "c") + p;
        publishers.add(name);
        running.add(
            pool.submit(
                () -> {
                  go.await();
                  List<CompletionStage<Delivery>> stages = new ArrayList<>();
                  for (int i = 0; i < perPublisher; i++) {
                    stages.add(from.broadcast(room, Message.of(MSG, name + ":" + i)));
                  }
                  return stages;
                }));
      }
      go.countDown();
      eventually().until(() -> running.stream().allMatch(Future::isDone));
      for (Future<List<CompletionStage<Delivery>>> f : running) {
        completeAll(f.get());
      }
    } finally {
      pool.shutdownNow();
    }

    fence(a, room, onB);
    fence(c, room, onB);
    List<String> got = onB.data(MSG);
    assertThat(got).hasSize(8 * perPublisher);
    Map<String, List<Integer>> byPublisher =
        got.stream()
            .collect(
                Collectors.groupingBy(
                    s -> s.substring(0, s.indexOf(':')),
                    Collectors.mapping(
                        s -> Integer.parseInt(s.substring(s.indexOf(':') + 1)),
                        Collectors.toList())));
    List<Integer> inOrder = IntStream.range(0, perPublisher).boxed().toList();
    for (String p : publishers) {
      assertThat(byPublisher.get(p)).as("messages of publisher " + p).isEqualTo(inOrder);
    }
  }

  @Test
  void resourceAndConnectionTargetsReachOtherNodes() throws Exception {
    Hub a = startHub("a");
    Hub b = startHub("b");
    Hub c = startHub("c");
    String user = "user-42";
    RecordingOutlet outB1 = new RecordingOutlet();
    RecordingOutlet outB2 = new RecordingOutlet();
    RecordingOutlet outC = new RecordingOutlet();
    Connection b1 = b.open(request(user), outB1);
    b.open(request(user), outB2);
    Connection c1 = c.open(request(user), outC);
    RecordingOutlet someoneElse = member(b, "user-7");
    String resource = unique(user);
    Probes.awaitRoutes(
        eventually(),
        List.of(
            new Probes.Route(m -> a.sendToResource(resource, m), List.of(outB1, outB2, outC)),
            new Probes.Route(m -> a.send(b1.id(), m), List.of(outB1)),
            new Probes.Route(m -> a.send(c1.id(), m), List.of(outC))));

    assertThat(complete(a.sendToResource(resource, Message.of(MSG, "to-user"))))
        .isEqualTo(new Delivery(0, true));
    assertThat(complete(a.send(b1.id(), Message.of(MSG, "to-b1"))).remotePublished()).isTrue();
    complete(a.send(c1.id(), Message.of(MSG, "to-c1")));

    fence(m -> a.sendToResource(resource, m), outB1, outB2, outC);
    fence(m -> a.send(b1.id(), m), outB1);
    fence(m -> a.send(c1.id(), m), outC);
    // Order holds per routing key only, and these are two keys (resource and node).
    assertThat(outB1.data(MSG)).containsExactlyInAnyOrder("to-user", "to-b1");
    assertThat(outB2.data(MSG)).containsExactly("to-user");
    assertThat(outC.data(MSG)).containsExactlyInAnyOrder("to-user", "to-c1");
    assertThat(someoneElse.count(MSG)).isZero();
  }

  @Test
  void closedNodeLeavesAndRestartedNodeRejoins() throws Exception {
    Hub a = startHub("a");
    Hub b = startHub("b");
    Hub c = startHub("c");
    String room = unique("restart");
    RecordingOutlet onB = member(b, "ub", room);
    RecordingOutlet onC = member(c, "uc", room);
    awaitRoute(a, room, onB, onC);

    b.close();
    assertThat(complete(a.broadcast(room, Message.of(MSG, "b-is-gone"))).remotePublished())
        .isTrue();
    fence(a, room, onC);
    assertThat(onC.data(MSG)).containsExactly("b-is-gone");

    Hub restarted = startHub("b"); // same node id, new backplane
    RecordingOutlet onRestarted = member(restarted, "ub", room);
    awaitRoute(a, room, onRestarted);
    awaitRoute(restarted, room, onC);
    complete(a.broadcast(room, Message.of(MSG, "b-is-back")));
    complete(restarted.broadcast(room, Message.of(MSG, "from-new-b")));

    fence(a, room, onRestarted, onC);
    fence(restarted, room, onC);
    // Different publishers: no order between the two.
    assertThat(onRestarted.data(MSG)).containsExactlyInAnyOrder("b-is-back", "from-new-b");
    assertThat(onC.data(MSG)).containsExactlyInAnyOrder("b-is-gone", "b-is-back", "from-new-b");
    assertThat(onB.data(MSG)).isEmpty();
  }

  @Test
  void outageFailsRemoteDeliveryAndRecoveryTellsClients() throws Exception {
    Hub a = startHub("a");
    Hub b = startHub("b");
    String room = unique("outage");
    RecordingOutlet onA = member(a, "ua", room);
    RecordingOutlet onB = member(b, "ub", room);
    awaitRoute(a, room, onB);

    outage = true;
    startOutage();
    CompletableFuture<Delivery> lost =
        a.broadcast(room, Message.of(MSG, "during-outage")).toCompletableFuture();

    eventually().alias("the publish during the outage to complete").until(lost::isDone);
    assertThat(lost).isCompletedExceptionally();
    Throwable error = catchCause(lost);
    assertThat(error).isInstanceOf(DeliveryException.class);
    assertThat(((DeliveryException) error).localRecipients()).isEqualTo(1);
    eventually().until(() -> onA.contains(MSG, "during-outage"));
    for (Hub hub : List.of(a, b)) {
      eventually()
          .alias("node " + hub.nodeId() + " to report DOWN")
          .until(() -> hub.stats().backplaneState() == BackplaneState.DOWN);
    }

    endOutage();
    outage = false;
    for (Hub hub : List.of(a, b)) {
      eventually()
          .alias("node " + hub.nodeId() + " to report RECOVERED or UP")
          .until(() -> hub.stats().backplaneState() != BackplaneState.DOWN);
    }
    String gap = b.config().gapEvent();
    eventually().alias("b's member to get the " + gap + " event").until(() -> onB.count(gap) > 0);
    awaitRoute(a, room, onB);
    complete(a.broadcast(room, Message.of(MSG, "after-outage")));
    fence(a, room, onB);
    assertThat(onB.data(MSG))
        .as("a publish that failed during the outage is never replayed")
        .containsExactly("after-outage");
  }

  // ---- internals ----

  private RealtimeConfig config() {
    int max = maxMessageBytes();
    if (max < 1024 || max > 16 << 20) {
      throw new IllegalStateException("maxMessageBytes() must be 1 KiB to 16 MiB, was " + max);
    }
    return RealtimeConfig.builder()
        .maxConnections(50_000)
        .maxConnectionsPerResource(20_000)
        .maxMessageBytes(max)
        .maxQueuedBytesPerConnection((int) Math.min(1L << 30, Math.max(4L << 20, 8L * max)))
        .heartbeatInterval(Duration.ZERO)
        .clientRetry(Duration.ZERO)
        .shutdownTimeout(Duration.ZERO)
        .build();
  }

  private ConnectionRequest request(String resource, String... rooms) {
    ConnectionRequest.Builder r = ConnectionRequest.builder(unique(resource));
    for (String room : rooms) {
      r.room(room);
    }
    return r.build();
  }

  private static Probes.Route route(Hub from, String room, RecordingOutlet... to) {
    return new Probes.Route(m -> from.broadcast(room, m), List.of(to));
  }

  private void fence(Hub from, String room, RecordingOutlet... to) {
    Probes.fence(eventually(), List.of(route(from, room, to)));
  }

  private void fence(
      java.util.function.Function<Message, CompletionStage<Delivery>> send, RecordingOutlet... to) {
    Probes.fence(eventually(), List.of(new Probes.Route(send, List.of(to))));
  }

  /** Waits for a publish and returns its outcome; fails the test if the backplane refused it. */
  private Delivery complete(CompletionStage<Delivery> stage) {
    CompletableFuture<Delivery> f = stage.toCompletableFuture();
    eventually().alias("a publish to complete").until(f::isDone);
    try {
      return f.join();
    } catch (CompletionException e) {
      throw new AssertionError("publish failed: " + e.getCause(), e.getCause());
    }
  }

  private void completeAll(List<CompletionStage<Delivery>> stages) {
    CompletableFuture<?>[] all =
        stages.stream().map(CompletionStage::toCompletableFuture).toArray(CompletableFuture[]::new);
    CompletableFuture<Void> done = CompletableFuture.allOf(all);
    eventually().alias(stages.size() + " publishes to complete").until(done::isDone);
    for (CompletableFuture<?> f : all) {
      if (f.isCompletedExceptionally()) {
        Throwable cause = catchCause(f);
        throw new AssertionError("publish failed: " + cause, cause);
      }
    }
  }

  private static Throwable catchCause(CompletableFuture<?> failed) {
    try {
      failed.join();
      throw new AssertionError("expected a failure, got " + failed.join());
    } catch (CompletionException e) {
      return e.getCause();
    }
  }
}
