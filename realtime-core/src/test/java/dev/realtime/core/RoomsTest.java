package dev.realtime.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.realtime.CloseReason;
import dev.realtime.Connection;
import dev.realtime.ConnectionRequest;
import dev.realtime.Hub;
import dev.realtime.Message;
import dev.realtime.RealtimeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoomsTest {
  private final TestHubs hubs = new TestHubs();

  @AfterEach
  void closeHubs() {
    hubs.close();
  }

  private Hub hub() {
    return hubs.start(RealtimeConfig.defaults());
  }

  /** Opens a connection for resource u1, in no room yet. */
  private static Connection openU1(Hub hub) {
    return hub.open(ConnectionRequest.of("u1"), new RecordingOutlet());
  }

  @Test
  void joinAndLeave() {
    Hub hub = hub();
    Connection c = openU1(hub);

    hub.join(c, "lobby");
    hub.join(c, "news");

    assertThat(c.rooms()).containsExactlyInAnyOrder("lobby", "news");
    assertThat(hub.stats().roomCount()).isEqualTo(2);

    hub.leave(c, "lobby");

    assertThat(c.rooms()).containsExactly("news");
    assertThat(hub.stats().roomCount()).isEqualTo(1);
  }

  @Test
  void joiningTwiceIsANoOpAndLeavingARoomNotJoinedToo() {
    Hub hub = hub();
    Connection c = openU1(hub);

    hub.join(c, "lobby");
    hub.join(c, "lobby");
    hub.leave(c, "elsewhere");

    assertThat(c.rooms()).containsExactly("lobby");
    assertThat(hub.stats().roomCount()).isEqualTo(1);
    assertThat(
            hub.broadcast("lobby", Message.of("x")).toCompletableFuture().join().localRecipients())
        .isEqualTo(1);

    hub.leave(c, "lobby");
    hub.leave(c, "lobby");
    assertThat(c.rooms()).isEmpty();
    assertThat(hub.stats().roomCount()).isZero();
  }

  @Test
  void roomsGivenAtOpenAreJoined() {
    Hub hub = hub();
    Connection c =
        hub.open(
            ConnectionRequest.builder("u1").room("a").room("b").build(), new RecordingOutlet());

    assertThat(c.rooms()).containsExactlyInAnyOrder("a", "b");
    assertThat(hub.stats().roomCount()).isEqualTo(2);
  }

  @Test
  void maxRoomsPerConnectionErrorNamesTheFieldAndTheLimit() {
    Hub hub = hubs.start(RealtimeConfig.builder().maxRoomsPerConnection(3).build());
    Connection c = openU1(hub);
    hub.join(c, "r1");
    hub.join(c, "r2");
    hub.join(c, "r3");

    assertThatThrownBy(() -> hub.join(c, "r4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxRoomsPerConnection")
        .hasMessageContaining("3");
    // Re-joining a room already joined is still fine at the limit.
    hub.join(c, "r3");
    assertThat(c.rooms()).containsExactlyInAnyOrder("r1", "r2", "r3");
    assertThat(hub.stats().roomCount()).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "tab\there", "nul\u0000", "del\u007f", "line\nbreak"})
  void invalidRoomNamesAreRejectedNamingTheField(String room) {
    Hub hub = hub();
    Connection c = openU1(hub);

    assertThatThrownBy(() -> hub.join(c, room))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("room ");
    assertThatThrownBy(() -> hub.broadcast(room, Message.of("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("room ");
    assertThat(hub.stats().roomCount()).isZero();
  }

  @Test
  void roomNamesLongerThan255AreRejectedAnd255IsAccepted() {
    Hub hub = hub();
    Connection c = openU1(hub);

    assertThatThrownBy(() -> hub.join(c, "r".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("room")
        .hasMessageContaining("255");
    hub.join(c, "r".repeat(255));
    assertThat(c.rooms()).containsExactly("r".repeat(255));
  }

  @Test
  void nullRoomIsRejectedNamingTheField() {
    Hub hub = hub();
    Connection c = openU1(hub);

    assertThatThrownBy(() -> hub.join(c, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("room");
  }

  @Test
  void joinOnAClosedConnectionFailsAndLeavesNoRoom() {
    Hub hub = hub();
    Connection c = openU1(hub);
    c.close(CloseReason.SERVER);

    assertThatThrownBy(() -> hub.join(c, "late")).isInstanceOf(IllegalStateException.class);
    assertThat(hub.stats().roomCount()).isZero();
  }

  @Test
  void aConnectionOfAnotherHubIsRefused() {
    Hub one = hub();
    Hub two = hub();
    Connection c = openU1(one);

    assertThatThrownBy(() -> two.join(c, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(c.id());
    assertThat(two.stats().roomCount()).isZero();
  }

  @Test
  void churnOfJoinsAndLeavesLeavesNoEmptyRoomBehind() throws Exception {
    Hub hub = hub();
    List<Connection> conns = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      conns.add(hub.open(ConnectionRequest.of("u" + (i % 4)), new RecordingOutlet()));
    }
    int threads = 4;
    int cyclesPerThread = 25_000;
    Concurrently.run(
        threads,
        () -> {
          ThreadLocalRandom rnd = ThreadLocalRandom.current();
          for (int i = 0; i < cyclesPerThread; i++) {
            Connection c = conns.get(rnd.nextInt(conns.size()));
            String room = "room-" + rnd.nextInt(500);
            hub.join(c, room);
            hub.leave(c, room);
          }
        });

    assertThat(hub.stats().roomCount()).isZero();
    assertThat(conns).allSatisfy(c -> assertThat(c.rooms()).isEmpty());
    for (int r = 0; r < 500; r++) {
      assertThat(
              hub.broadcast("room-" + r, Message.of("x"))
                  .toCompletableFuture()
                  .join()
                  .localRecipients())
          .isZero();
    }
  }

  @Test
  void closingAConnectionRemovesItFromAllItsRooms() {
    Hub hub = hub();
    Connection leaving = openU1(hub);
    Connection staying = hub.open(ConnectionRequest.of("u2"), new RecordingOutlet());
    for (int i = 0; i < 5; i++) {
      hub.join(leaving, "solo-" + i);
    }
    hub.join(leaving, "shared");
    hub.join(staying, "shared");

    leaving.close(CloseReason.CLIENT_GONE);

    assertThat(leaving.rooms()).isEmpty();
    assertThat(hub.stats().roomCount()).isEqualTo(1);
    assertThat(
            hub.broadcast("shared", Message.of("x")).toCompletableFuture().join().localRecipients())
        .isEqualTo(1);
    assertThat(
            hub.broadcast("solo-0", Message.of("x")).toCompletableFuture().join().localRecipients())
        .isZero();
  }
}
