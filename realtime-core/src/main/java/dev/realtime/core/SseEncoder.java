package dev.realtime.core;

import dev.realtime.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Encodes messages as server-sent event frames per the WHATWG HTML specification: optional {@code
 * id:} and {@code event:} lines, the data split on CR, LF and CRLF into one {@code data:} line
 * each, and a blank line ending the event. Event names and ids were validated (no CR, LF, NUL) when
 * the message was built.
 */
final class SseEncoder {
  private static final byte[] ID = bytes("id: ");
  private static final byte[] EVENT = bytes("event: ");
  private static final byte[] DATA = bytes("data: ");

  private SseEncoder() {}

  static Frame encode(Message message) {
    // One copy of the data, scanned once for line breaks and copied line by line in bulk: a 16 KiB
    // payload costs two passes over a byte array, not a call and a lock per byte.
    byte[] data = message.data();
    byte[] id = bytesOrNull(message.id().orElse(null));
    byte[] event = bytesOrNull(message.event().orElse(null));
    int lines = 1;
    int breakBytes = 0;
    for (int i = 0; i < data.length; i++) {
      byte b = data[i];
      if (b == '\r' || b == '\n') {
        lines++;
        breakBytes++;
        if (b == '\r' && i + 1 < data.length && data[i + 1] == '\n') {
          i++;
          breakBytes++;
        }
      }
    }
    int size =
        fieldSize(ID, id)
            + fieldSize(EVENT, event)
            + lines * (DATA.length + 1)
            + data.length
            - breakBytes
            + 1;
    byte[] out = new byte[size];
    int p = field(out, 0, ID, id);
    p = field(out, p, EVENT, event);
    int lineStart = 0;
    for (int i = 0; i < data.length; i++) {
      byte b = data[i];
      if (b == '\r' || b == '\n') {
        p = line(out, p, DATA, data, lineStart, i);
        if (b == '\r' && i + 1 < data.length && data[i + 1] == '\n') {
          i++;
        }
        lineStart = i + 1;
      }
    }
    p = line(out, p, DATA, data, lineStart, data.length);
    out[p] = '\n';
    return new Frame(out, message.coalescingKey().orElse(null), true);
  }

  /** A comment line, ignored by clients; used for heartbeats. */
  static Frame comment(String text) {
    return new Frame(bytes(": " + text + "\n\n"), null, false);
  }

  /** Tells the client how long to wait before reconnecting. */
  static Frame retry(Duration delay) {
    return new Frame(bytes("retry: " + delay.toMillis() + "\n\n"), null, false);
  }

  private static int fieldSize(byte[] name, byte[] value) {
    return value == null ? 0 : name.length + value.length + 1;
  }

  private static int field(byte[] out, int p, byte[] name, byte[] value) {
    return value == null ? p : line(out, p, name, value, 0, value.length);
  }

  /** Writes {@code name}, {@code value[from, to)} and a line feed; returns the next position. */
  private static int line(byte[] out, int p, byte[] name, byte[] value, int from, int to) {
    System.arraycopy(name, 0, out, p, name.length);
    p += name.length;
    System.arraycopy(value, from, out, p, to - from);
    p += to - from;
    out[p] = '\n';
    return p + 1;
  }

  private static byte[] bytesOrNull(String s) {
    return s == null ? null : bytes(s);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
