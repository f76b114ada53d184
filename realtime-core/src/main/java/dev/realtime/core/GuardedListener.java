package dev.realtime.core;

import dev.realtime.CloseReason;
import dev.realtime.Connection;
import dev.realtime.ConnectionRejectedException;
import dev.realtime.ConnectionRequest;
import dev.realtime.HubListener;
import dev.realtime.spi.BackplaneState;
import java.lang.System.Logger.Level;
import java.util.List;

/** Calls the application's listeners so that one that throws is logged and cannot break the hub. */
final class GuardedListener implements HubListener {
  private static final System.Logger LOG = System.getLogger(GuardedListener.class.getName());
  private final List<HubListener> listeners;

  GuardedListener(List<HubListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void onOpen(Connection connection) {
    each(l -> l.onOpen(connection), "onOpen");
  }

  @Override
  public void onClose(Connection connection, CloseReason reason) {
    each(l -> l.onClose(connection, reason), "onClose");
  }

  @Override
  public void onRejected(ConnectionRequest request, ConnectionRejectedException rejection) {
    each(l -> l.onRejected(request, rejection), "onRejected");
  }

  @Override
  public void onBackplaneState(BackplaneState state) {
    each(l -> l.onBackplaneState(state), "onBackplaneState");
  }

  private void each(java.util.function.Consumer<HubListener> call, String method) {
    for (HubListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException | LinkageError | AssertionError e) {
        LOG.log(
            Level.WARNING,
            "HubListener " + l.getClass().getName() + "." + method + " threw; ignored",
            e);
      }
    }
  }
}
