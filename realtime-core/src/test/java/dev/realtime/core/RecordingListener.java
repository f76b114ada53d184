package dev.realtime.core;

import dev.realtime.CloseReason;
import dev.realtime.Connection;
import dev.realtime.ConnectionRejectedException;
import dev.realtime.ConnectionRequest;
import dev.realtime.HubListener;
import dev.realtime.spi.BackplaneState;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every listener callback. */
final class RecordingListener implements HubListener {
  final List<String> opened = new CopyOnWriteArrayList<>();
  final Map<String, CloseReason> closed = new ConcurrentHashMap<>();
  final Map<String, Long> closedAtNanos = new ConcurrentHashMap<>();
  final List<ConnectionRejectedException> rejected = new CopyOnWriteArrayList<>();
  final List<BackplaneState> states = new CopyOnWriteArrayList<>();

  @Override
  public void onOpen(Connection connection) {
    opened.add(connection.id());
  }

  @Override
  public void onClose(Connection connection, CloseReason reason) {
    closedAtNanos.put(connection.id(), System.nanoTime());
    closed.put(connection.id(), reason);
  }

  @Override
  public void onRejected(ConnectionRequest request, ConnectionRejectedException rejection) {
    rejected.add(rejection);
  }

  @Override
  public void onBackplaneState(BackplaneState state) {
    states.add(state);
  }

  CloseReason reasonOf(Connection c) {
    return closed.get(c.id());
  }
}
