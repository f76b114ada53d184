package dev.realtime.servlet;

import dev.realtime.CloseReason;
import dev.realtime.Connection;
import dev.realtime.spi.Outlet;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * Adapts one async response to an {@link Outlet} using Servlet non-blocking I/O. It is also the
 * response's {@link WriteListener} and {@link AsyncListener}, so one small object per stream
 * carries every callback.
 *
 * <p>Threads: the hub calls {@link #write} and {@link #close} from its drain threads, one at a
 * time; the container calls the listener methods. The output stream itself is used by one thread at
 * a time, guarded by the {@code BUSY} bit, which is only ever tried, never waited for.
 *
 * <p>Why the container thread touches the stream at all: when a batch ends with {@code isReady() ==
 * false}, the container may still hold the batch's tail in its response buffer (Jetty's aggregate,
 * Tomcat's output buffer) after the pending write completes. The hub calls {@link #write} again
 * only if it has more to send, so {@code onWritePossible} flushes that tail itself; if a drain
 * holds the stream at that moment, it is told ({@code MISSED}) and flushes on its way out.
 */
final class ServletOutlet implements Outlet, WriteListener, AsyncListener {
  private static final AtomicIntegerFieldUpdater<ServletOutlet> STATE =
      AtomicIntegerFieldUpdater.newUpdater(ServletOutlet.class, "state");
  private static final AtomicIntegerFieldUpdater<ServletOutlet> COMPLETED =
      AtomicIntegerFieldUpdater.newUpdater(ServletOutlet.class, "completed");

  /** A thread is using the output stream. */
  private static final int BUSY = 1;

  /** Bytes were handed to the container since the last flush. */
  private static final int FLUSH_PENDING = 2;

  /** {@code onWritePossible} found the stream busy; the holder must flush before letting go. */
  private static final int MISSED = 4;

  /**
   * {@link #close} found the stream busy; the holder completes the response instead of letting go.
   * After completion {@code BUSY} stays set for good, so nothing touches the stream again.
   */
  private static final int CLOSE_PENDING = 8;

  private final AsyncContext async;
  private final ServletOutputStream out;

  private volatile Runnable onWritable;
  private volatile Connection connection;

  /**
   * Set by the first {@code onWritePossible}. Before the write listener is registered the stream is
   * in blocking mode, where a write would block the hub's drain thread on a slow client.
   */
  private volatile boolean ready;

  /** The response ended (completed, errored or timed out): the stream must not be touched. */
  private volatile boolean ended;

  private volatile int state;
  private volatile int completed;

  ServletOutlet(AsyncContext async, ServletOutputStream out) {
    this.async = async;
    this.out = out;
  }

  /**
   * Links the outlet to its connection once the hub opened it, so container events can close it. If
   * the response already ended in between, the connection is closed at once.
   */
  void attach(Connection connection) {
    this.connection = connection;
    if (ended) {
      connection.close(CloseReason.CLIENT_GONE);
    }
  }

  // ---- Outlet: called by the hub's drain thread ----

  @Override
  public void onWritable(Runnable callback) {
    this.onWritable = callback;
  }

  @Override
  public int write(ByteBuffer[] frames, int offset, int length) throws IOException {
    // Before the first onWritePossible, or while it flushes: report "not writable". The container
    // thread runs the callback after letting go of the stream, so the hub is called back.
    if (!ready || !tryAcquire()) {
      if (ended) {
        throw new IOException("response already ended");
      }
      return 0;
    }
    // Checked only while holding the stream: a close or container event cannot slip in between.
    if (ended) {
      release();
      throw new IOException("response already ended");
    }
    boolean released = false;
    try {
      int taken = 0;
      // In non-blocking mode write() always takes the whole array (the container keeps what the
      // socket did not), so each frame is taken whole; isReady() == false arms onWritePossible.
      while (taken < length && out.isReady()) {
        writeFrame(frames[offset + taken]);
        taken++;
      }
      if (taken > 0) {
        set(FLUSH_PENDING);
      }
      // One flush per batch: the frames written above were coalesced in the response buffer.
      flushIfPending();
      releaseFromDrain();
      released = true;
      return taken;
    } catch (IllegalStateException | NullPointerException e) {
      // A response that was completed or recycled by the container under us; to the hub this is
      // the same as a write error: the client is gone.
      throw new IOException("response no longer usable", e);
    } finally {
      if (!released) {
        release();
      }
    }
  }

  private void writeFrame(ByteBuffer frame) throws IOException {
    // Frames are shared by every recipient: read them without moving position or limit.
    if (frame.hasArray()) {
      out.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
    } else {
      byte[] copy = new byte[frame.remaining()];
      frame.duplicate().get(copy);
      out.write(copy);
    }
  }

  /** With the stream held: flushes if bytes are waiting and the container can take a flush now. */
  private void flushIfPending() throws IOException {
    // isReady() == false leaves FLUSH_PENDING set and guarantees another onWritePossible.
    if ((state & FLUSH_PENDING) != 0 && out.isReady()) {
      clear(FLUSH_PENDING);
      out.flush();
    }
  }

  /** Lets go of the stream, first doing the flush an onWritePossible skipped while we held it. */
  private void releaseFromDrain() throws IOException {
    for (; ; ) {
      int s = state;
      if ((s & MISSED) != 0 && (s & CLOSE_PENDING) == 0) {
        if (STATE.compareAndSet(this, s, s & ~MISSED)) {
          flushIfPending();
        }
      } else {
        release();
        return;
      }
    }
  }

  /** Lets go of the stream, or completes the response if a close arrived while we held it. */
  private void release() {
    for (; ; ) {
      int s = state;
      if ((s & CLOSE_PENDING) != 0) {
        complete(); // keeps BUSY: the stream is never used again
        return;
      }
      if (STATE.compareAndSet(this, s, s & ~(BUSY | MISSED))) {
        return;
      }
    }
  }

  private boolean tryAcquire() {
    for (; ; ) {
      int s = state;
      if ((s & BUSY) != 0) {
        return false;
      }
      if (STATE.compareAndSet(this, s, s | BUSY)) {
        return true;
      }
    }
  }

  private void set(int bits) {
    STATE.getAndUpdate(this, s -> s | bits);
  }

  private void clear(int bits) {
    STATE.getAndUpdate(this, s -> s & ~bits);
  }

  /**
   * Ends the stream once. Never concurrent with a write or flush: if another thread holds the
   * stream, that thread completes the response when it lets go.
   */
  @Override
  public void close() {
    ended = true;
    for (; ; ) {
      int s = state;
      if ((s & BUSY) == 0) {
        if (STATE.compareAndSet(this, s, s | BUSY)) {
          complete();
          return;
        }
      } else if ((s & CLOSE_PENDING) != 0 || STATE.compareAndSet(this, s, s | CLOSE_PENDING)) {
        return;
      }
    }
  }

  private void complete() {
    if (COMPLETED.compareAndSet(this, 0, 1)) {
      try {
        async.complete();
      } catch (IllegalStateException alreadyEnded) {
        // The container completed or recycled the request first (e.g. after a network error).
      }
    }
  }

  // ---- WriteListener: container threads ----

  @Override
  public void onWritePossible() throws IOException {
    if (ended) {
      return;
    }
    if (!ready) {
      // Commit the headers now so the client sees the stream open (EventSource "open") even when
      // no frame is queued yet, e.g. with clientRetry off. The hub cannot write before ready.
      if (tryAcquire()) {
        try {
          if (!ended && out.isReady()) {
            out.flush();
          }
        } finally {
          release();
        }
      }
      ready = true;
    } else {
      flushTail();
    }
    Runnable callback = onWritable;
    if (callback != null) {
      callback.run();
    }
  }

  /** Flushes what the last batch left in the container's buffer, or hands that to the drain. */
  private void flushTail() throws IOException {
    for (; ; ) {
      int s = state;
      if ((s & BUSY) != 0) {
        if (STATE.compareAndSet(this, s, s | MISSED)) {
          return;
        }
      } else if ((s & FLUSH_PENDING) == 0) {
        return;
      } else if (STATE.compareAndSet(this, s, s | BUSY)) {
        try {
          if (!ended) {
            flushIfPending();
          }
        } finally {
          release();
        }
        return;
      }
    }
  }

  @Override
  public void onError(Throwable t) {
    clientGone();
  }

  // ---- AsyncListener: container threads ----

  @Override
  public void onComplete(AsyncEvent event) {
    clientGone();
    awaitStreamIdle();
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    // The timeout is 0 (none), so this means a container-imposed limit ended the stream.
    clientGone();
    close();
  }

  @Override
  public void onError(AsyncEvent event) {
    clientGone();
    close();
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    // Not re-registered: this listener serves one async cycle only.
  }

  /**
   * Marks the response ended and releases the slot. The flag is written before the connection is
   * read, and {@link #attach} does the reverse, so a close is never lost between the two.
   */
  private void clientGone() {
    ended = true;
    Connection c = connection;
    if (c != null) {
      c.close(CloseReason.CLIENT_GONE);
    }
  }

  /**
   * The container is about to recycle the response: wait until a drain that was mid-write lets go
   * of the stream (writes never block, so this is microseconds); it sees {@code ended} next time.
   */
  private void awaitStreamIdle() {
    while ((state & BUSY) != 0 && completed == 0) {
      Thread.onSpinWait();
    }
  }
}
