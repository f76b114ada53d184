package dev.realtime;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable message: optional event name, data, optional id and optional coalescing key. The hub
 * encodes it once per broadcast into a wire frame shared by every recipient.
 *
 * <p>The event name and id may not contain CR, LF or NUL (they would break the SSE framing) and are
 * at most 255 characters; the data may contain any text, line breaks included. Data is kept as
 * UTF-8 bytes. The size limit ({@link RealtimeConfig#maxMessageBytes()}) is checked by the hub.
 */
public final class Message {
  private final String event;
  private final byte[] data;
  private final String id;
  private final String coalescingKey;

  private Message(Builder b) {
    this.event = b.event;
    this.data = b.data;
    this.id = b.id;
    this.coalescingKey = b.coalescingKey;
  }

  /**
   * A message with only data (SSE clients see it as event {@code message}).
   *
   * @param data the text to send; may contain line breaks
   * @return the message
   */
  public static Message of(String data) {
    return builder().data(data).build();
  }

  /**
   * A message with an event name and data.
   *
   * @param event the event name (no CR, LF or NUL)
   * @param data the text to send
   * @return the message
   */
  public static Message of(String event, String data) {
    return builder().event(event).data(data).build();
  }

  /**
   * A builder with empty data and no event, id or coalescing key.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The event name, if any.
   *
   * @return the event name
   */
  public Optional<String> event() {
    return Optional.ofNullable(event);
  }

  /**
   * The event id, if any (clients echo the last one in {@code Last-Event-ID} when they reconnect).
   *
   * @return the id
   */
  public Optional<String> id() {
    return Optional.ofNullable(id);
  }

  /**
   * The coalescing key used by {@link SlowConsumerPolicy#LATEST_PER_KEY}; never sent to clients.
   *
   * @return the key
   */
  public Optional<String> coalescingKey() {
    return Optional.ofNullable(coalescingKey);
  }

  /**
   * A copy of the data as UTF-8 bytes.
   *
   * @return the data
   */
  public byte[] data() {
    return data.clone();
  }

  /**
   * The data decoded as UTF-8 text.
   *
   * @return the data as text
   */
  public String dataAsString() {
    return new String(data, StandardCharsets.UTF_8);
  }

  /**
   * The size of the data in bytes.
   *
   * @return the data length
   */
  public int dataLength() {
    return data.length;
  }

  /**
   * Reads one data byte without copying, for encoders.
   *
   * @param index the byte index, from 0 to {@link #dataLength()} - 1
   * @return the byte
   */
  public byte dataByte(int index) {
    return data[index];
  }

  /**
   * A builder holding this message's fields.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.event = event;
    b.data = data;
    b.id = id;
    b.coalescingKey = coalescingKey;
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Message m
        && Objects.equals(event, m.event)
        && Objects.equals(id, m.id)
        && Objects.equals(coalescingKey, m.coalescingKey)
        && Arrays.equals(data, m.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(event, id, coalescingKey) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Message[event=" + event + ", id=" + id + ", bytes=" + data.length + "]";
  }

  /** Builds a {@link Message}; each setter validates its argument at once. */
  public static final class Builder {
    private static final byte[] EMPTY = new byte[0];
    private String event;
    private byte[] data = EMPTY;
    private String id;
    private String coalescingKey;

    private Builder() {}

    /**
     * Sets the event name.
     *
     * @param event at most 255 characters, no CR, LF or NUL
     * @return this builder
     * @throws IllegalArgumentException naming the field when the value is invalid
     */
    public Builder event(String event) {
      this.event = Names.requireFieldValue("event", event);
      return this;
    }

    /**
     * Sets the data as text (encoded as UTF-8).
     *
     * @param data the text; line breaks become separate {@code data:} lines on the wire
     * @return this builder
     */
    public Builder data(String data) {
      this.data = Objects.requireNonNull(data, "data").getBytes(StandardCharsets.UTF_8);
      return this;
    }

    /**
     * Sets the data as UTF-8 bytes (copied).
     *
     * @param utf8 the bytes
     * @return this builder
     */
    public Builder data(byte[] utf8) {
      this.data = Objects.requireNonNull(utf8, "data").clone();
      return this;
    }

    /**
     * Sets the event id.
     *
     * @param id at most 255 characters, no CR, LF or NUL
     * @return this builder
     */
    public Builder id(String id) {
      this.id = Names.requireFieldValue("id", id);
      return this;
    }

    /**
     * Sets the coalescing key for {@link SlowConsumerPolicy#LATEST_PER_KEY}.
     *
     * @param key 1-255 characters, no control characters
     * @return this builder
     */
    public Builder coalescingKey(String key) {
      this.coalescingKey = Names.requireName("coalescingKey", key);
      return this;
    }

    /**
     * Builds the message.
     *
     * @return an immutable message
     */
    public Message build() {
      return new Message(this);
    }
  }
}
