package dev.realtime;

import dev.realtime.spi.BackplaneState;

/**
 * Callbacks about connection life-cycle and backplane state. Every method has an empty default.
 * Callbacks run on engine threads — {@link #onClose} often on the write loop that serves the
 * connection and many others — so they must be quick and must not block; hand slow work to an
 * executor of your own. Calling {@link Hub#close()} from one works (the hub does not wait for the
 * thread it is called on) but holds that loop's other clients until the shutdown is done. An
 * exception thrown by a listener is logged and otherwise ignored; it never breaks the hub.
 */
public interface HubListener {

  /**
   * A connection was opened and registered.
   *
   * @param connection the new connection
   */
  default void onOpen(Connection connection) {}

  /**
   * A connection was closed and its slot released.
   *
   * @param connection the closed connection
   * @param reason why it closed
   */
  default void onClose(Connection connection, CloseReason reason) {}

  /**
   * A connection request was refused.
   *
   * @param request the refused request
   * @param rejection the reason, with the counts involved
   */
  default void onRejected(ConnectionRequest request, ConnectionRejectedException rejection) {}

  /**
   * The backplane changed state.
   *
   * @param state the new state
   */
  default void onBackplaneState(BackplaneState state) {}
}
