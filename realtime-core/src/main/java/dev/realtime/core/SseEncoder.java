package dev.realtime.core;

import dev.realtime.Message;
import java.io.ByteArrayOutputStream;
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
    int n = message.dataLength();
    ByteArrayOutputStream out = new ByteArrayOutputStream(n + 64);
    message.id().ifPresent(id -> field(out, ID, id));
    message.event().ifPresent(event -> field(out, EVENT, event));
    int lineStart = 0;
    for (int i = 0; i < n; i++) {
      byte b = message.dataByte(i);
      if (b == '\r' || b == '\n') {
        dataLine(out, message, lineStart, i);
        if (b == '\r' && i + 1 < n && message.dataByte(i + 1) == '\n') {
          i++;
        }
        lineStart = i + 1;
      }
    }
    dataLine(out, message, lineStart, n);
    out.write('\n');
    return new Frame(out.toByteArray(), message.coalescingKey().orElse(null), true);
  }

  /** A comment line, ignored by clients; used for heartbeats. */
  static Frame comment(String text) {
    return new Frame(bytes(": " + text + "\n\n"), null, false);
  }

  /** Tells the client how long to wait before reconnecting. */
  static Frame retry(Duration delay) {
    return new Frame(bytes("retry: " + delay.toMillis() + "\n\n"), null, false);
  }

  private static void field(ByteArrayOutputStream out, byte[] name, String value) {
    out.writeBytes(name);
    out.writeBytes(bytes(value));
    out.write('\n');
  }

  private static void dataLine(ByteArrayOutputStream out, Message message, int from, int to) {
    out.writeBytes(DATA);
    for (int i = from; i < to; i++) {
      out.write(message.dataByte(i));
    }
    out.write('\n');
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
