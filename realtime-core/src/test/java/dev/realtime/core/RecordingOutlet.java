package dev.realtime.core;

import dev.realtime.spi.Outlet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test {@link Outlet}: records every frame it takes as UTF-8 text, counts write and close calls,
 * and can be stalled (write takes nothing, so the hub must wait for the writability callback), made
 * to take only a few frames per write (the callback then runs asynchronously, as a servlet
 * container would) or made to throw an {@link IOException}.
 */
class RecordingOutlet implements Outlet {
  private final List<String> frames = Collections.synchronizedList(new ArrayList<>());
  private final List<String> writeThreads = new CopyOnWriteArrayList<>();
  private final AtomicInteger writeCalls = new AtomicInteger();
  private final AtomicInteger closeCalls = new AtomicInteger();
  private final AtomicInteger concurrentCalls = new AtomicInteger();
  private final AtomicInteger overlaps = new AtomicInteger();
  private volatile boolean stalled;
  private volatile int maxFramesPerWrite = Integer.MAX_VALUE;
  private volatile IOException failure;
  private volatile Runnable onWritable;

  /** A writable outlet. */
  RecordingOutlet() {}

  /** An outlet that starts stalled. */
  static RecordingOutlet stalledOutlet() {
    RecordingOutlet o = new RecordingOutlet();
    o.stall();
    return o;
  }

  @Override
  public int write(ByteBuffer[] buffers, int offset, int length) throws IOException {
    enter();
    try {
      writeCalls.incrementAndGet();
      writeThreads.add(Thread.currentThread().getName());
      IOException f = failure;
      if (f != null) {
        throw f;
      }
      if (stalled) {
        return 0;
      }
      int n = Math.min(length, maxFramesPerWrite);
      for (int i = offset; i < offset + n; i++) {
        ByteBuffer b = buffers[i].duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        frames.add(new String(bytes, StandardCharsets.UTF_8));
      }
      if (n < length) {
        // Like a container telling the application later that it can write again.
        Runnable cb = onWritable;
        if (cb != null) {
          CompletableFuture.runAsync(cb);
        }
      }
      return n;
    } finally {
      exit();
    }
  }

  @Override
  public void onWritable(Runnable callback) {
    this.onWritable = callback;
  }

  @Override
  public void close() {
    enter();
    try {
      closeCalls.incrementAndGet();
    } finally {
      exit();
    }
  }

  private void enter() {
    if (concurrentCalls.incrementAndGet() > 1) {
      overlaps.incrementAndGet();
    }
  }

  private void exit() {
    concurrentCalls.decrementAndGet();
  }

  // ---- controls ----

  /** From now on write takes nothing. */
  void stall() {
    stalled = true;
  }

  /** Takes frames again and runs the hub's writability callback, as a transport would. */
  void resume() {
    stalled = false;
    Runnable cb = onWritable;
    if (cb != null) {
      cb.run();
    }
  }

  /** Each write takes at most this many frames. */
  void maxFramesPerWrite(int n) {
    this.maxFramesPerWrite = n;
  }

  /** Every later write throws this. */
  void failWith(IOException e) {
    this.failure = e;
  }

  // ---- observations ----

  /** Every frame taken, in order, as UTF-8 text. */
  List<String> frames() {
    synchronized (frames) {
      return List.copyOf(frames);
    }
  }

  /** Everything written, as one string. */
  String text() {
    return String.join("", frames());
  }

  /** The events a browser's EventSource would dispatch from what was written. */
  List<SseEvents.Event> events() {
    return SseEvents.parse(text());
  }

  /** The data of dispatched events of the given type, in order. */
  List<String> data(String eventType) {
    return events().stream().filter(e -> e.type().equals(eventType)).map(e -> e.data()).toList();
  }

  int writeCalls() {
    return writeCalls.get();
  }

  List<String> writeThreads() {
    return List.copyOf(writeThreads);
  }

  int closeCalls() {
    return closeCalls.get();
  }

  boolean isClosed() {
    return closeCalls.get() > 0;
  }

  /** How often write or close ran while another call into this outlet was still running. */
  int overlappingCalls() {
    return overlaps.get();
  }
}
