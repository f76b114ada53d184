package dev.realtime;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a transport asks the hub for when a client connects: the resource key the connection counts
 * against (e.g. {@code doctor-123}), the rooms to join at once, the authenticated principal, free
 * attributes and the {@code Last-Event-ID} the client sent.
 *
 * @param resource the resource key, 1-255 characters without control characters
 * @param rooms rooms to join on open (each a valid name)
 * @param principal the authenticated user, if any
 * @param attributes application attributes, copied
 * @param lastEventId the id of the last event the client saw, if it sent one
 */
public record ConnectionRequest(
    String resource,
    Set<String> rooms,
    Optional<String> principal,
    Map<String, String> attributes,
    Optional<String> lastEventId) {

  /**
   * Validates every field and copies the collections.
   *
   * @param resource see the record component
   * @param rooms see the record component
   * @param principal see the record component
   * @param attributes see the record component
   * @param lastEventId see the record component
   */
  public ConnectionRequest {
    Names.requireName("resource", resource);
    Objects.requireNonNull(rooms, "rooms");
    for (String room : rooms) {
      Names.requireName("room", room);
    }
    rooms = immutableInOrder(rooms);
    Objects.requireNonNull(principal, "principal");
    attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
    Objects.requireNonNull(lastEventId, "lastEventId");
    lastEventId.ifPresent(id -> Names.requireFieldValue("lastEventId", id));
  }

  /**
   * An immutable copy that keeps the given order. Every open connection holds its request, so the
   * usual zero or one room costs a compact set rather than a linked hash set (~190 bytes each).
   */
  private static Set<String> immutableInOrder(Set<String> rooms) {
    return switch (rooms.size()) {
      case 0 -> Set.of();
      case 1 -> Set.of(rooms.iterator().next());
      default -> java.util.Collections.unmodifiableSet(new LinkedHashSet<>(rooms));
    };
  }

  /**
   * A request for a resource with no rooms, principal, attributes or last event id.
   *
   * @param resource the resource key
   * @return the request
   */
  public static ConnectionRequest of(String resource) {
    return builder(resource).build();
  }

  /**
   * A builder for a request on the given resource.
   *
   * @param resource the resource key
   * @return a new builder
   */
  public static Builder builder(String resource) {
    return new Builder(resource);
  }

  /** Builds a {@link ConnectionRequest}. */
  public static final class Builder {
    private final String resource;
    private final Set<String> rooms = new LinkedHashSet<>();
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private String principal;
    private String lastEventId;

    private Builder(String resource) {
      this.resource = resource;
    }

    /**
     * Adds a room to join on open.
     *
     * @param room the room name
     * @return this builder
     */
    public Builder room(String room) {
      rooms.add(Names.requireName("room", room));
      return this;
    }

    /**
     * Sets the authenticated principal.
     *
     * @param name the principal's name
     * @return this builder
     */
    public Builder principal(String name) {
      this.principal = Objects.requireNonNull(name, "principal");
      return this;
    }

    /**
     * Adds an application attribute.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     */
    public Builder attribute(String key, String value) {
      attributes.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets the last event id the client reported.
     *
     * @param id the id (no CR, LF or NUL)
     * @return this builder
     */
    public Builder lastEventId(String id) {
      this.lastEventId = Names.requireFieldValue("lastEventId", id);
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public ConnectionRequest build() {
      return new ConnectionRequest(
          resource,
          rooms,
          Optional.ofNullable(principal),
          attributes,
          Optional.ofNullable(lastEventId));
    }
  }
}
