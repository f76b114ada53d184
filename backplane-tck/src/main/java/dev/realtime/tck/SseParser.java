package dev.realtime.tck;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An incremental parser of an event stream following the WHATWG "interpret an event stream"
 * algorithm, working on bytes so that data survives byte for byte. Not thread-safe: its owner
 * serializes calls.
 */
final class SseParser {
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final ByteArrayOutputStream data = new ByteArrayOutputStream();
  private String type = "";
  private String lastId = "";
  private boolean afterCr;

  /** Reads a buffer without moving its position and hands each complete event to {@code out}. */
  void feed(ByteBuffer buffer, Consumer<SseEvent> out) {
    for (int i = buffer.position(); i < buffer.limit(); i++) {
      byte b = buffer.get(i);
      if (afterCr && b == '\n') {
        afterCr = false; // CRLF ends one line, not two
        continue;
      }
      afterCr = b == '\r';
      if (b == '\r' || b == '\n') {
        processLine(line.toByteArray(), out);
        line.reset();
      } else {
        line.write(b);
      }
    }
  }

  private void processLine(byte[] l, Consumer<SseEvent> out) {
    if (l.length == 0) {
      dispatch(out);
      return;
    }
    if (l[0] == ':') {
      return; // comment, e.g. a heartbeat
    }
    int colon = indexOf(l, (byte) ':');
    String field = utf8(l, 0, colon < 0 ? l.length : colon);
    int from = colon < 0 ? l.length : colon + 1;
    if (from < l.length && l[from] == ' ') {
      from++;
    }
    switch (field) {
      case "data" -> {
        data.write(l, from, l.length - from);
        data.write('\n');
      }
      case "event" -> type = utf8(l, from, l.length);
      case "id" -> {
        if (indexOf(l, (byte) 0) < 0) {
          lastId = utf8(l, from, l.length);
        }
      }
      default -> {
        // retry and unknown fields make no event
      }
    }
  }

  private void dispatch(Consumer<SseEvent> out) {
    if (data.size() > 0) {
      byte[] d = data.toByteArray();
      out.accept(
          new SseEvent(type.isEmpty() ? "message" : type, Arrays.copyOf(d, d.length - 1), lastId));
    }
    data.reset();
    type = "";
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static String utf8(byte[] bytes, int from, int to) {
    return new String(bytes, from, to - from, StandardCharsets.UTF_8);
  }
}
