package dev.realtime.tck;

import dev.realtime.spi.Outlet;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link Outlet} that takes every frame at once and records the server-sent events a browser
 * would see, in order. Thread-safe: the hub writes from its drain threads while a test reads.
 */
public final class RecordingOutlet implements Outlet {
  private final SseParser parser = new SseParser();
  private final List<SseEvent> events = new ArrayList<>();
  private volatile boolean closed;

  /** Creates an empty, writable outlet. */
  public RecordingOutlet() {}

  @Override
  public synchronized int write(ByteBuffer[] frames, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      parser.feed(frames[i], events::add);
    }
    return length;
  }

  @Override
  public void onWritable(Runnable callback) {
    // Every write takes everything, so the hub never waits for writability.
  }

  @Override
  public void close() {
    closed = true;
  }

  /**
   * Every event received so far, in order.
   *
   * @return a snapshot
   */
  public synchronized List<SseEvent> events() {
    return List.copyOf(events);
  }

  /**
   * The events of one type received so far, in order.
   *
   * @param event the event type
   * @return a snapshot
   */
  public synchronized List<SseEvent> events(String event) {
    return events.stream().filter(e -> e.event().equals(event)).toList();
  }

  /**
   * The data of the events of one type, in order.
   *
   * @param event the event type
   * @return a snapshot of the data, decoded as UTF-8
   */
  public synchronized List<String> data(String event) {
    return events.stream().filter(e -> e.event().equals(event)).map(SseEvent::data).toList();
  }

  /**
   * Counts the events of one type received so far.
   *
   * @param event the event type
   * @return how many
   */
  public synchronized int count(String event) {
    int n = 0;
    for (SseEvent e : events) {
      if (e.event().equals(event)) {
        n++;
      }
    }
    return n;
  }

  /**
   * Whether an event of this type with exactly this data has arrived.
   *
   * @param event the event type
   * @param data the data
   * @return whether it arrived
   */
  public synchronized boolean contains(String event, String data) {
    for (SseEvent e : events) {
      if (e.event().equals(event) && e.data().equals(data)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the hub closed this outlet.
   *
   * @return whether {@link #close()} was called
   */
  public boolean isClosed() {
    return closed;
  }
}
