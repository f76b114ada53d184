package dev.realtime.core;

import static dev.realtime.core.TestHubs.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.Connection;
import dev.realtime.ConnectionRequest;
import dev.realtime.Hub;
import dev.realtime.Message;
import dev.realtime.SlowConsumerPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a write loop's bounded backlog must not do: reorder a key's values across routes when it
 * replaces in place, or close connections that are not behind when it is merely busy.
 */
class LoopBacklogTest {
  /** Frames of about 310 bytes that fill a loop's backlog (16 connection budgets) to the brim. */
  private static final int FILLERS = Loops.BACKLOG_CONNECTIONS * 1536 / 310 - 2;

  private final TestHubs hubs = new TestHubs();

  @AfterEach
  void close() {
    hubs.close();
  }

  private Hub hub(SlowConsumerPolicy policy, RecordingListener listener) {
    return hubs.start(LoopsTest.oneLoop(policy).listener(listener));
  }

  /**
   * One thread sends key k three times to connection c: v1 via room a, v2 directly, v3 via room a
   * once the loop is over its backlog. The newest waiting k is v2, by another route: v3 must not
   * take v1's place ahead of v2 (the key would end on v2); the loop sheds instead.
   */
  @Test
  void replacingInPlaceNeverPutsANewValueAheadOfAnOlderOneFromAnotherRoute() throws Exception {
    Hub hub = hub(SlowConsumerPolicy.LATEST_PER_KEY, new RecordingListener());
    CallsOutlet gate = new CallsOutlet();
    gate.holdFirstWrite();
    hub.open(ConnectionRequest.builder("g").room("gate").build(), gate);
    CallsOutlet rec = new CallsOutlet();
    Connection c = hub.open(ConnectionRequest.builder("m").room("a").build(), rec);
    hub.broadcast("gate", Message.of("hold"));
    assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();

    String pad = "x".repeat(299);
    hub.broadcast("a", Message.builder().data("v1" + pad).coalescingKey("k").build());
    hub.send(c.id(), Message.builder().data("v2" + pad).coalescingKey("k").build());
    for (int i = 0; i < FILLERS; i++) {
      hub.broadcast("a", Message.builder().data("f" + pad).coalescingKey("f" + i).build());
    }
    hub.broadcast("a", Message.builder().data("v3" + pad).coalescingKey("k").build());
    gate.release.countDown();

    eventually().until(() -> rec.frames().stream().anyMatch(f -> f.startsWith("v3")));
    List<String> kValues = new ArrayList<>();
    for (String f : rec.frames()) {
      if (f.startsWith("v")) {
        kValues.add(f.substring(0, 2));
      }
    }
    assertThat(kValues).as("values of key k in arrival order").endsWith("v2", "v3");
  }

  /**
   * Five rooms, one member each, one busy loop: each member has one frame waiting, far within its
   * own budget, and the loop's backlog is far within its own: nobody is closed.
   */
  @Test
  void aBusyLoopClosesNobodyWithinTheirBudget() throws Exception {
    RecordingListener listener = new RecordingListener();
    Hub hub = hub(SlowConsumerPolicy.DISCONNECT, listener);
    CallsOutlet gate = new CallsOutlet();
    gate.holdFirstWrite();
    hub.open(ConnectionRequest.builder("g").room("gate").build(), gate);
    List<Connection> cs = new ArrayList<>();
    List<CallsOutlet> recs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      CallsOutlet r = new CallsOutlet();
      recs.add(r);
      cs.add(hub.open(ConnectionRequest.builder("m" + i).room("r" + i).build(), r));
    }
    hub.broadcast("gate", Message.of("hold"));
    assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 5; i++) {
      hub.broadcast("r" + i, Message.of(i + "x".repeat(400)));
    }
    gate.release.countDown();

    for (CallsOutlet r : recs) {
      eventually().until(() -> r.frames().size() == 1);
    }
    assertThat(cs).allMatch(Connection::isOpen);
    assertThat(listener.closed).isEmpty();
  }
}
