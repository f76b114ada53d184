package dev.realtime.tck;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One server-sent event as a browser's {@code EventSource} would dispatch it: the event type, the
 * data (lines joined with LF) and the last event id seen so far on the stream. The data is kept as
 * the exact bytes sent, so binary payloads can be compared byte for byte. Immutable.
 */
public final class SseEvent {
  private final String event;
  private final byte[] data;
  private final String id;

  SseEvent(String event, byte[] data, String id) {
    this.event = Objects.requireNonNull(event, "event");
    this.data = data.clone();
    this.id = Objects.requireNonNull(id, "id");
  }

  /**
   * The event type: the {@code event:} field, or {@code message} when the frame had none.
   *
   * @return the event type
   */
  public String event() {
    return event;
  }

  /**
   * The data decoded as UTF-8 (invalid sequences replaced).
   *
   * @return the data as text
   */
  public String data() {
    return new String(data, StandardCharsets.UTF_8);
  }

  /**
   * The data exactly as it was on the wire, lines joined with LF.
   *
   * @return a copy of the data bytes
   */
  public byte[] dataBytes() {
    return data.clone();
  }

  /**
   * The last event id seen on the stream up to this event ({@code ""} when none was sent).
   *
   * @return the last event id
   */
  public String id() {
    return id;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SseEvent e
        && event.equals(e.event)
        && id.equals(e.id)
        && Arrays.equals(data, e.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(event, id) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    String text = data();
    return "SseEvent[event="
        + event
        + ", id="
        + id
        + ", data="
        + (text.length() > 60 ? text.substring(0, 60) + "... (" + data.length + " bytes)" : text)
        + "]";
  }
}
