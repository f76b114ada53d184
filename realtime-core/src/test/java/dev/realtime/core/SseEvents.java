package dev.realtime.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A small parser of an SSE stream following the WHATWG "interpret an event stream" algorithm, so
 * tests check what a browser's EventSource would see rather than raw bytes only.
 */
final class SseEvents {

  /**
   * A dispatched event.
   *
   * @param type the event type ({@code message} when the frame had no {@code event:} line)
   * @param data the data, lines joined with LF
   * @param lastEventId the last event id seen so far
   */
  record Event(String type, String data, String lastEventId) {}

  private SseEvents() {}

  static List<Event> parse(String stream) {
    List<Event> events = new ArrayList<>();
    StringBuilder data = new StringBuilder();
    String type = "";
    String lastId = "";
    int i = 0;
    int n = stream.length();
    while (i < n) {
      int end = i;
      while (end < n && stream.charAt(end) != '\n' && stream.charAt(end) != '\r') {
        end++;
      }
      if (end == n) {
        break; // an incomplete line is not processed
      }
      String line = stream.substring(i, end);
      i = end + 1;
      if (stream.charAt(end) == '\r' && i < n && stream.charAt(i) == '\n') {
        i++;
      }
      if (line.isEmpty()) {
        if (data.length() > 0) {
          data.setLength(data.length() - 1);
          events.add(new Event(type.isEmpty() ? "message" : type, data.toString(), lastId));
        }
        data.setLength(0);
        type = "";
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "data" -> data.append(value).append('\n');
        case "event" -> type = value;
        case "id" -> lastId = value;
        default -> {
          // retry and unknown fields do not make events
        }
      }
    }
    return events;
  }
}
