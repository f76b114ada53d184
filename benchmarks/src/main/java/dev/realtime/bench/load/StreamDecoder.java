package dev.realtime.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Decodes one SSE response as it arrives, in pieces of any size: the HTTP/1.1 response head, a
 * chunked (or plain) body, and the body's SSE lines. Only {@code data:} lines of the form {@code
 * <seq>,<sentNanos>[,padding]} are reported; comments, {@code event:} and {@code retry:} lines are
 * skipped. After the head it keeps a few ints and longs, no buffer, so 15,000 of them are cheap.
 */
final class StreamDecoder {
  /** Receives what the decoder finds; called on the decoding thread. */
  interface Sink {
    /** The response head arrived with status 200. */
    void opened();

    /** One data line with a sequence number and the sender's timestamp. */
    void event(long seq, long sentNanos);
  }

  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_HEAD = 8192;

  private enum State {
    HEAD,
    CHUNK_SIZE,
    CHUNK_SIZE_REST,
    CHUNK_DATA,
    CHUNK_DATA_END,
    RAW,
    FAILED
  }

  private final Sink sink;
  private State state = State.HEAD;
  private StringBuilder head = new StringBuilder(256);
  private String failure;
  private long chunkLeft;

  // SSE line state
  private int linePos;
  private boolean dataLine = true;
  private int field; // 0: seq, 1: timestamp, 2: padding
  private boolean digits;
  private long seq;
  private long sent;

  StreamDecoder(Sink sink) {
    this.sink = sink;
  }

  /**
   * Decodes {@code length} bytes of {@code bytes} from {@code offset}.
   *
   * @return false once the stream is unusable (see {@link #failure()})
   */
  boolean decode(byte[] bytes, int offset, int length) {
    int i = offset;
    int end = offset + length;
    while (i < end) {
      switch (state) {
        case HEAD -> i = head(bytes, i, end);
        case CHUNK_SIZE, CHUNK_SIZE_REST -> i = chunkSize(bytes, i, end);
        case CHUNK_DATA -> {
          int n = (int) Math.min(chunkLeft, end - i);
          sse(bytes, i, i + n);
          chunkLeft -= n;
          i += n;
          if (chunkLeft == 0) {
            state = State.CHUNK_DATA_END;
          }
        }
        case CHUNK_DATA_END -> {
          // the CRLF after a chunk's data
          if (bytes[i++] == '\n') {
            state = State.CHUNK_SIZE;
          }
        }
        case RAW -> {
          sse(bytes, i, end);
          i = end;
        }
        case FAILED -> {
          return false;
        }
      }
    }
    return state != State.FAILED;
  }

  /** Why the stream failed, or null. */
  String failure() {
    return failure;
  }

  private int head(byte[] bytes, int i, int end) {
    while (i < end) {
      char c = (char) (bytes[i++] & 0xff);
      head.append(c);
      int n = head.length();
      if (n >= 4 && c == '\n' && head.charAt(n - 2) == '\r' && head.charAt(n - 3) == '\n') {
        endOfHead(head.toString());
        head = null; // not needed for the rest of the stream
        return i;
      }
      if (n > MAX_HEAD) {
        fail("response head longer than " + MAX_HEAD + " bytes");
        return end;
      }
    }
    return i;
  }

  private void endOfHead(String text) {
    String[] lines = text.split("\r\n");
    String[] status = lines[0].split(" ", 3);
    if (status.length < 2 || !status[0].startsWith("HTTP/1.") || !status[1].equals("200")) {
      fail("status line '" + lines[0] + "'");
      return;
    }
    boolean chunked = false;
    for (String line : lines) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    state = chunked ? State.CHUNK_SIZE : State.RAW;
    chunkLeft = 0;
    sink.opened();
  }

  private int chunkSize(byte[] bytes, int i, int end) {
    while (i < end) {
      byte b = bytes[i++];
      if (b == '\n') {
        if (chunkLeft == 0) {
          fail("the server ended the stream (last chunk)");
          return end;
        }
        state = State.CHUNK_DATA;
        return i;
      }
      if (state == State.CHUNK_SIZE_REST) {
        continue; // chunk extensions and CR
      }
      int digit = Character.digit(b, 16);
      if (digit >= 0) {
        chunkLeft = chunkLeft * 16 + digit;
        if (chunkLeft > Integer.MAX_VALUE) {
          fail("chunk size over 2 GiB");
          return end;
        }
      } else {
        state = State.CHUNK_SIZE_REST;
      }
    }
    return i;
  }

  /** Feeds body bytes to the SSE line parser. */
  private void sse(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = bytes[i];
      if (b == '\n') {
        if (dataLine && linePos > DATA.length && field >= 1 && digits) {
          sink.event(seq, sent);
        }
        linePos = 0;
        dataLine = true;
        field = 0;
        digits = false;
        seq = 0;
        sent = 0;
        continue;
      }
      if (b == '\r' || !dataLine) {
        continue;
      }
      if (linePos < DATA.length) {
        dataLine = b == DATA[linePos];
      } else if (field < 2) {
        if (b >= '0' && b <= '9') {
          if (field == 0) {
            seq = seq * 10 + (b - '0');
          } else {
            sent = sent * 10 + (b - '0');
            digits = true;
          }
        } else if (b == ',') {
          field++;
        } else {
          dataLine = false; // not one of ours
        }
      }
      linePos++;
    }
  }

  private void fail(String why) {
    failure = why;
    state = State.FAILED;
  }
}
