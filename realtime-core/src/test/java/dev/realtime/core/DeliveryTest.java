package dev.realtime.core;

import static dev.realtime.core.TestHubs.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.realtime.Connection;
import dev.realtime.ConnectionRequest;
import dev.realtime.Delivery;
import dev.realtime.Hub;
import dev.realtime.Message;
import dev.realtime.RealtimeConfig;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeliveryTest {
  private final TestHubs hubs = new TestHubs();

  @AfterEach
  void closeHubs() {
    hubs.close();
  }

  private static Delivery join(java.util.concurrent.CompletionStage<Delivery> stage) {
    return stage.toCompletableFuture().join();
  }

  @Test
  void broadcastReachesExactlyTheRoomMembers() {
    Hub hub = hubs.start(RealtimeConfig.defaults());
    RecordingOutlet a = new RecordingOutlet();
    RecordingOutlet b = new RecordingOutlet();
    RecordingOutlet outsider = new RecordingOutlet();
    hub.open(ConnectionRequest.builder("u1").room("chat").build(), a);
    Connection cb = hub.open(ConnectionRequest.of("u2"), b);
    hub.join(cb, "chat");
    hub.open(ConnectionRequest.builder("u3").room("other").build(), outsider);

    Delivery d = join(hub.broadcast("chat", Message.of("greeting", "hello\nworld")));

    assertThat(d.localRecipients()).isEqualTo(2);
    assertThat(d.remotePublished()).isFalse();
    eventually().until(() -> a.data("greeting").size() == 1 && b.data("greeting").size() == 1);
    assertThat(a.text()).contains("event: greeting\ndata: hello\ndata: world\n\n");
    assertThat(a.data("greeting")).containsExactly("hello\nworld");
    assertThat(b.data("greeting")).containsExactly("hello\nworld");
    // The outsider got its retry frame only; a later message to its own room shows its queue is
    // drained, so the broadcast above would have arrived by now.
    join(hub.broadcast("other", Message.of("fence", "f")));
    eventually().until(() -> outsider.data("fence").size() == 1);
    assertThat(outsider.data("greeting")).isEmpty();
  }

  @Test
  void broadcastToAnEmptyRoomReachesNobody() {
    Hub hub = hubs.start(RealtimeConfig.defaults());

    assertThat(join(hub.broadcast("nobody-here", Message.of("x"))).localRecipients()).isZero();
  }

  @Test
  void sendToResourceReachesEveryConnectionOfTheResource() {
    Hub hub = hubs.start(RealtimeConfig.defaults());
    RecordingOutlet d1 = new RecordingOutlet();
    RecordingOutlet d2 = new RecordingOutlet();
    RecordingOutlet other = new RecordingOutlet();
    hub.open(ConnectionRequest.of("doctor-123"), d1);
    hub.open(ConnectionRequest.of("doctor-123"), d2);
    hub.open(ConnectionRequest.of("doctor-456"), other);

    Delivery d = join(hub.sendToResource("doctor-123", Message.of("queue", "{\"next\":7}")));

    assertThat(d.localRecipients()).isEqualTo(2);
    eventually().until(() -> d1.data("queue").size() == 1 && d2.data("queue").size() == 1);
    assertThat(d1.data("queue")).containsExactly("{\"next\":7}");
    join(hub.sendToResource("doctor-456", Message.of("fence", "f")));
    eventually().until(() -> other.data("fence").size() == 1);
    assertThat(other.data("queue")).isEmpty();
  }

  @Test
  void sendToOneConnection() {
    Hub hub = hubs.start(RealtimeConfig.defaults());
    RecordingOutlet target = new RecordingOutlet();
    RecordingOutlet sibling = new RecordingOutlet();
    Connection c = hub.open(ConnectionRequest.of("u1"), target);
    Connection s = hub.open(ConnectionRequest.of("u1"), sibling);

    Delivery d = join(hub.send(c.id(), Message.of("private", "only you")));

    assertThat(d.localRecipients()).isEqualTo(1);
    eventually().until(() -> target.data("private").size() == 1);
    assertThat(join(hub.send("nope:1", Message.of("x"))).localRecipients()).isZero();
    join(hub.send(s.id(), Message.of("fence", "f")));
    eventually().until(() -> sibling.data("fence").size() == 1);
    assertThat(sibling.data("private")).isEmpty();
  }

  @Test
  void connectionSendQueuesForThatConnectionOnly() {
    Hub hub = hubs.start(RealtimeConfig.defaults());
    RecordingOutlet o = new RecordingOutlet();
    Connection c = hub.open(ConnectionRequest.of("u1"), o);

    assertThat(c.send(Message.builder().id("9").event("direct").data("d").build())).isTrue();

    eventually().until(() -> o.data("direct").size() == 1);
    assertThat(o.events()).last().satisfies(e -> assertThat(e.lastEventId()).isEqualTo("9"));
  }

  @Test
  void messagesOverMaxMessageBytesAreRejectedNamingTheLimit() {
    Hub hub =
        hubs.start(
            RealtimeConfig.builder()
                .maxMessageBytes(1000)
                .maxQueuedBytesPerConnection(64 * 1024)
                .build());
    RecordingOutlet o = new RecordingOutlet();
    Connection c = hub.open(ConnectionRequest.builder("u1").room("r").build(), o);
    Message big = Message.of("x".repeat(1001));

    assertThatThrownBy(() -> hub.broadcast("r", big))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxMessageBytes")
        .hasMessageContaining("1000");
    assertThatThrownBy(() -> hub.sendToResource("u1", big))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxMessageBytes");
    assertThatThrownBy(() -> c.send(big))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxMessageBytes");
    // Exactly at the limit is fine, and the connection is unharmed.
    assertThat(join(hub.broadcast("r", Message.of("ok", "y".repeat(1000)))).localRecipients())
        .isEqualTo(1);
    eventually().until(() -> o.data("ok").size() == 1);
    assertThat(c.isOpen()).isTrue();
  }

  @Test
  void retryFrameIsTheFirstThingWritten() {
    Hub hub = hubs.start(RealtimeConfig.builder().clientRetry(Duration.ofMillis(3000)).build());
    RecordingOutlet o = new RecordingOutlet();
    Connection c = hub.open(ConnectionRequest.of("u1"), o);
    c.send(Message.of("hello"));

    eventually().until(() -> o.frames().size() >= 2);
    assertThat(o.frames().get(0)).isEqualTo("retry: 3000\n\n");
    assertThat(o.text()).startsWith("retry: 3000\n\ndata: hello\n\n");
  }

  @Test
  void noRetryFrameWhenClientRetryIsZero() {
    Hub hub = hubs.start(RealtimeConfig.builder().clientRetry(Duration.ZERO).build());
    RecordingOutlet o = new RecordingOutlet();
    Connection c = hub.open(ConnectionRequest.of("u1"), o);
    c.send(Message.of("first"));

    eventually().until(() -> !o.frames().isEmpty());
    assertThat(o.frames().get(0)).isEqualTo("data: first\n\n");
  }

  @Test
  void framesQueuedWhileStalledAreCoalescedIntoFewWrites() {
    Hub hub = hubs.start(RealtimeConfig.defaults());
    RecordingOutlet o = RecordingOutlet.stalledOutlet();
    Connection c = hub.open(ConnectionRequest.builder("u1").room("r").build(), o);
    // The retry frame found the outlet stalled: the hub now waits for the callback.
    eventually().until(() -> o.writeCalls() >= 1);
    long queued = SseEncoder.retry(RealtimeConfig.defaults().clientRetry()).size;
    for (int i = 0; i < 50; i++) {
      hub.broadcast("r", Message.of("n", Integer.toString(i)));
      queued += SseEncoder.encode(Message.of("n", Integer.toString(i))).size;
    }
    long all = queued;
    eventually().until(() -> c.queuedBytes() == all); // the loop queued them behind the stall
    int writesBefore = o.writeCalls();

    o.resume();

    eventually().until(() -> o.data("n").size() == 50);
    List<String> expected = IntStream.range(0, 50).mapToObj(Integer::toString).toList();
    assertThat(o.data("n")).isEqualTo(expected);
    assertThat(o.frames()).hasSize(51);
    assertThat(o.frames().get(0)).startsWith("retry: ");
    // 51 frames, gathered into batches of up to 64: far fewer writes than frames.
    assertThat(o.writeCalls() - writesBefore).isBetween(1, 5);
    assertThat(c.queuedBytes()).isZero();
  }

  @Test
  void partialWritesKeepOrderAndLoseNothing() {
    Hub hub = hubs.start(RealtimeConfig.defaults());
    RecordingOutlet o = new RecordingOutlet();
    o.maxFramesPerWrite(3);
    Connection c = hub.open(ConnectionRequest.builder("u1").room("r").build(), o);

    for (int i = 0; i < 500; i++) {
      hub.broadcast("r", Message.of("n", Integer.toString(i)));
    }

    eventually().until(() -> o.data("n").size() == 500);
    assertThat(o.data("n")).isEqualTo(IntStream.range(0, 500).mapToObj(Integer::toString).toList());
    assertThat(o.overlappingCalls()).isZero();
    assertThat(c.isOpen()).isTrue();
  }

  @Test
  void concurrentBroadcastersNeverCallTheOutletConcurrentlyAndKeepPerThreadOrder()
      throws Exception {
    Hub hub = hubs.start(RealtimeConfig.defaults());
    RecordingOutlet o = new RecordingOutlet();
    o.maxFramesPerWrite(7);
    hub.open(ConnectionRequest.builder("u1").room("r").build(), o);
    int threads = 4;
    int perThread = 500;
    Thread[] ts = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int id = t;
      ts[t] =
          new Thread(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  hub.broadcast("r", Message.of("t" + id, Integer.toString(i)));
                }
              });
      ts[t].start();
    }
    for (Thread t : ts) {
      t.join(10_000);
    }

    eventually().until(() -> o.events().size() == threads * perThread);
    for (int t = 0; t < threads; t++) {
      assertThat(o.data("t" + t))
          .isEqualTo(IntStream.range(0, perThread).mapToObj(Integer::toString).toList());
    }
    assertThat(o.overlappingCalls()).isZero();
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments>
      validMessagesAtTheLimit() {
    String e255 = "\u00e9".repeat(255); // 255 characters, 510 bytes in UTF-8
    return java.util.stream.Stream.of(
        // Line breaks cost 7 bytes each on the wire ("data: " + LF): 1000 LF encode to ~7 KB.
        org.junit.jupiter.params.provider.Arguments.of(
            "1000 line breaks", Message.of("lines", "\n".repeat(1000))),
        // 1000 bytes of data plus a 255-character event name and id: 2041 bytes on the wire.
        org.junit.jupiter.params.provider.Arguments.of(
            "longest event name and id",
            Message.builder().event(e255).id(e255).data("x".repeat(1000)).build()));
  }

  /**
   * maxQueuedBytesPerConnection may be as low as maxMessageBytes + 1024, which promises that any
   * message passing the maxMessageBytes check fits an empty queue. The SSE encoding adds more than
   * 1024 bytes for some valid messages, and the hub then closes a client that is keeping up as a
   * SLOW_CONSUMER (in a broadcast: every member of the room).
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("validMessagesAtTheLimit")
  void aMessageWithinMaxMessageBytesNeverDisconnectsAClientThatKeepsUp(String name, Message msg) {
    RecordingListener listener = new RecordingListener();
    Hub hub =
        hubs.start(
            TestHubs.builder(
                    RealtimeConfig.builder()
                        .maxMessageBytes(1000)
                        .maxQueuedBytesPerConnection(2024)
                        .build())
                .listener(listener));
    RecordingOutlet o = new RecordingOutlet();
    Connection c = hub.open(ConnectionRequest.builder("u1").room("r").build(), o);
    eventually().until(() -> o.frames().size() == 1 && c.queuedBytes() == 0);
    assertThat(msg.dataLength()).isLessThanOrEqualTo(1000);

    Throwable refused = catchThrowable(() -> join(hub.broadcast("r", msg)));

    // Either the hub delivers it or refuses it at the API naming the limit; it must not build a
    // frame that can never fit and close a client that is keeping up.
    assertThat(listener.reasonOf(c)).as("close reason of an idle, fast client").isNull();
    assertThat(c.isOpen()).isTrue();
    if (refused == null) {
      eventually().until(() -> o.events().size() == 1);
    } else {
      assertThat(refused)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxMessageBytes");
    }
  }
}
