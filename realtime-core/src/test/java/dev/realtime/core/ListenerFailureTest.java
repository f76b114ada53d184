package dev.realtime.core;

import static dev.realtime.core.TestHubs.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.realtime.CloseReason;
import dev.realtime.Connection;
import dev.realtime.ConnectionRejectedException;
import dev.realtime.ConnectionRequest;
import dev.realtime.Hub;
import dev.realtime.HubListener;
import dev.realtime.Message;
import dev.realtime.RealtimeConfig;
import dev.realtime.backplane.local.LocalBus;
import dev.realtime.spi.BackplaneState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ListenerFailureTest {
  private final TestHubs hubs = new TestHubs();

  @AfterEach
  void closeHubs() {
    hubs.close();
  }

  /** Throws from every callback. */
  private static final class ThrowingListener implements HubListener {
    @Override
    public void onOpen(Connection connection) {
      throw new IllegalStateException("boom in onOpen");
    }

    @Override
    public void onClose(Connection connection, CloseReason reason) {
      throw new IllegalStateException("boom in onClose");
    }

    @Override
    public void onRejected(ConnectionRequest request, ConnectionRejectedException rejection) {
      throw new AssertionError("boom in onRejected");
    }

    @Override
    public void onBackplaneState(BackplaneState state) {
      throw new IllegalStateException("boom in onBackplaneState");
    }
  }

  @Test
  void aThrowingListenerBreaksNeitherOpenNorCloseNorBroadcast() {
    RecordingListener after = new RecordingListener();
    Hub hub =
        hubs.start(
            TestHubs.builder(RealtimeConfig.builder().maxConnectionsPerResource(1).build())
                .listener(new ThrowingListener())
                .listener(after));
    RecordingOutlet o = new RecordingOutlet();

    Connection c = hub.open(ConnectionRequest.builder("u1").room("r").build(), o);

    assertThat(c.isOpen()).isTrue();
    assertThat(after.opened).containsExactly(c.id());
    assertThat(
            hub.broadcast("r", Message.of("ev", "still works"))
                .toCompletableFuture()
                .join()
                .localRecipients())
        .isEqualTo(1);
    eventually().until(() -> o.data("ev").size() == 1);

    // onRejected throwing does not replace the rejection.
    assertThatThrownBy(() -> hub.open(ConnectionRequest.of("u1"), new RecordingOutlet()))
        .isInstanceOf(ConnectionRejectedException.class);

    c.close(CloseReason.SERVER);

    assertThat(c.isOpen()).isFalse();
    assertThat(after.reasonOf(c)).isEqualTo(CloseReason.SERVER);
    assertThat(hub.stats().totalConnections()).isZero();
    assertThat(hub.stats().roomCount()).isZero();
    eventually().until(o::isClosed);
    // The slot was released.
    assertThat(hub.open(ConnectionRequest.of("u1"), new RecordingOutlet()).isOpen()).isTrue();
  }

  @Test
  void aThrowingListenerDoesNotBreakShutdownOrBackplaneStateHandling() {
    LocalBus bus = new LocalBus();
    RecordingListener after = new RecordingListener();
    Hub hub =
        hubs.start(
            TestHubs.builder(RealtimeConfig.defaults())
                .backplane(bus.newBackplane())
                .listener(new ThrowingListener())
                .listener(after));
    Connection c = hub.open(ConnectionRequest.of("u1"), new RecordingOutlet());

    bus.setDown(true);
    eventually().until(() -> after.states.contains(BackplaneState.DOWN));
    assertThat(hub.stats().backplaneState()).isEqualTo(BackplaneState.DOWN);
    bus.setDown(false);
    eventually().until(() -> after.states.contains(BackplaneState.RECOVERED));

    hub.close();

    assertThat(c.isOpen()).isFalse();
    assertThat(after.reasonOf(c)).isEqualTo(CloseReason.SHUTDOWN);
  }
}
