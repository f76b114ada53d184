package dev.realtime.spi;

import java.util.Objects;

/**
 * Where an {@link Envelope} goes: a room, a resource or one connection.
 *
 * @param kind the kind of target
 * @param name the room name, resource key or connection id
 */
public record Target(Kind kind, String name) {

  /** The kinds of target. */
  public enum Kind {
    /** Every member of a room. */
    ROOM,
    /** Every connection of a resource key. */
    RESOURCE,
    /** One connection, by id. */
    CONNECTION
  }

  /**
   * Checks for nulls.
   *
   * @param kind see the record component
   * @param name see the record component
   */
  public Target {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
  }

  /**
   * @param room the room name
   * @return a room target
   */
  public static Target room(String room) {
    return new Target(Kind.ROOM, room);
  }

  /**
   * @param resource the resource key
   * @return a resource target
   */
  public static Target resource(String resource) {
    return new Target(Kind.RESOURCE, resource);
  }

  /**
   * @param connectionId the connection id ({@code <nodeId>:<sequence>})
   * @return a connection target
   */
  public static Target connection(String connectionId) {
    return new Target(Kind.CONNECTION, connectionId);
  }

  /**
   * The key a backplane routes on and a node declares {@linkplain Backplane#interest interest} in:
   * {@code room:<name>}, {@code resource:<key>}, or {@code node:<nodeId>} for a connection (the
   * node part of its id), so a node subscribes once for all its connections.
   *
   * @return the routing key
   */
  public String routingKey() {
    return switch (kind) {
      case ROOM -> roomKey(name);
      case RESOURCE -> resourceKey(name);
      case CONNECTION -> {
        int sep = name.lastIndexOf(':');
        yield nodeKey(sep < 0 ? name : name.substring(0, sep));
      }
    };
  }

  /**
   * @param room the room name
   * @return the routing key for that room
   */
  public static String roomKey(String room) {
    return "room:" + room;
  }

  /**
   * @param resource the resource key
   * @return the routing key for that resource
   */
  public static String resourceKey(String resource) {
    return "resource:" + resource;
  }

  /**
   * @param nodeId a node id
   * @return the routing key for connections of that node
   */
  public static String nodeKey(String nodeId) {
    return "node:" + nodeId;
  }
}
