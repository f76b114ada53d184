package dev.realtime.bench.jmh;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The baseline: the design the field guides hand-roll, in Java. A {@code ConcurrentHashMap<String,
 * CopyOnWriteArrayList<Subscriber>>} keyed by room or resource, a size check as the cap, and a
 * broadcast that encodes, writes and flushes for each subscriber in turn, synchronously, in the
 * caller's thread (what {@code SseEmitter.send} in a loop does).
 */
final class NaiveHub {
  private final ConcurrentHashMap<String, CopyOnWriteArrayList<Subscriber>> subscribers =
      new ConcurrentHashMap<>();
  private final int maxPerKey;

  NaiveHub(int maxPerKey) {
    this.maxPerKey = maxPerKey;
  }

  /**
   * @return the new subscriber, or null when the key already has {@code maxPerKey} subscribers
   */
  Subscriber subscribe(String key, OutputStream out) {
    CopyOnWriteArrayList<Subscriber> list =
        subscribers.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
    if (list.size() >= maxPerKey) {
      return null;
    }
    Subscriber s = new Subscriber(out);
    list.add(s);
    return s;
  }

  void unsubscribe(String key, Subscriber s) {
    List<Subscriber> list = subscribers.get(key);
    if (list != null) {
      list.remove(s);
    }
  }

  /**
   * @return how many subscribers were written to
   */
  int broadcast(String key, String event, String data) {
    List<Subscriber> list = subscribers.get(key);
    if (list == null) {
      return 0;
    }
    int n = 0;
    for (Subscriber s : list) {
      try {
        s.send(event, data);
        n++;
      } catch (IOException e) {
        list.remove(s);
      }
    }
    return n;
  }

  /** Builds the SSE frame as text, the way hand-rolled senders do, once per subscriber. */
  static byte[] encode(String event, String data) {
    StringBuilder sb = new StringBuilder(data.length() + 32);
    if (event != null) {
      sb.append("event: ").append(event).append('\n');
    }
    for (String line : data.split("\r\n|\r|\n", -1)) {
      sb.append("data: ").append(line).append('\n');
    }
    return sb.append('\n').toString().getBytes(StandardCharsets.UTF_8);
  }

  /** One client: its stream, written under the subscriber's lock like an emitter's send. */
  static final class Subscriber {
    private final OutputStream out;

    Subscriber(OutputStream out) {
      this.out = out;
    }

    synchronized void send(String event, String data) throws IOException {
      out.write(encode(event, data));
      out.flush();
    }
  }
}
