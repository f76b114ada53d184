package dev.realtime;

import dev.realtime.spi.BackplaneHealth;
import dev.realtime.spi.Outlet;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The entry point: one per node. Holds the connections of this node, keyed by resource, with caps,
 * timeouts and heartbeats; delivers messages to rooms, resources and single connections on this
 * node and, through the backplane, on every other node. Build one with {@code
 * dev.realtime.core.RealtimeHub.builder()}. Thread-safe.
 */
public interface Hub extends AutoCloseable {

  /**
   * Opens a connection for a client, taking a slot of its resource and of the node.
   *
   * @param request the resource, initial rooms, principal and attributes
   * @param outlet the transport's non-blocking writer for this client
   * @return the open connection
   * @throws ConnectionRejectedException when a cap is reached or the hub is shutting down
   * @throws IllegalArgumentException when the request asks for more rooms than allowed
   */
  Connection open(ConnectionRequest request, Outlet outlet);

  /**
   * Adds a connection to a room; joining a room twice is a no-op.
   *
   * @param connection an open connection of this hub
   * @param room the room name, 1-255 characters without control characters
   * @throws IllegalArgumentException for an invalid name or when the connection is already in
   *     {@link RealtimeConfig#maxRoomsPerConnection()} rooms
   */
  void join(Connection connection, String room);

  /**
   * Removes a connection from a room; leaving a room the connection is not in is a no-op.
   *
   * @param connection a connection of this hub
   * @param room the room name
   */
  void leave(Connection connection, String room);

  /**
   * Sends a message to every member of a room on every node.
   *
   * @param room the room name
   * @param message the message
   * @return completes with the local count once the backplane accepted the message, or with a
   *     {@link DeliveryException} when the remote part failed (local delivery still happened)
   * @throws IllegalArgumentException for an invalid room name or a message over {@link
   *     RealtimeConfig#maxMessageBytes()}
   */
  CompletionStage<Delivery> broadcast(String room, Message message);

  /**
   * Sends a message to every connection of a resource on every node.
   *
   * @param resource the resource key
   * @param message the message
   * @return as for {@link #broadcast}
   */
  CompletionStage<Delivery> sendToResource(String resource, Message message);

  /**
   * Sends a message to one connection, on whichever node holds it.
   *
   * @param connectionId the connection's {@link Connection#id()}
   * @param message the message
   * @return as for {@link #broadcast}
   */
  CompletionStage<Delivery> send(String connectionId, Message message);

  /**
   * Looks up a connection of this node.
   *
   * @param connectionId the id
   * @return the connection, if open on this node
   */
  Optional<Connection> connection(String connectionId);

  /**
   * @return a snapshot of connection counts and capacity
   */
  Stats stats();

  /**
   * @return this hub's configuration
   */
  RealtimeConfig config();

  /**
   * @return this node's id, unique in the cluster
   */
  String nodeId();

  /**
   * @return the backplane's current health
   */
  BackplaneHealth backplaneHealth();

  /**
   * Shuts down gracefully: refuses new connections, closes open ones at {@link
   * RealtimeConfig#shutdownCloseRate()} per second (at most for {@link
   * RealtimeConfig#shutdownTimeout()}), closes the backplane and stops every thread. Idempotent.
   */
  @Override
  void close();
}
