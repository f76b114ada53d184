package dev.realtime.spi;

import java.nio.ByteBuffer;

/**
 * What a transport gives the hub for one client: a non-blocking writer. The hub calls {@link
 * #write} and {@link #close} from one thread at a time per outlet (never concurrently), and never
 * from a transport's own callback thread while that callback runs.
 */
public interface Outlet {

  /**
   * Writes as many whole frames as the client can take now, without blocking, and flushes them. A
   * frame is taken whole or not at all; the outlet may buffer what it took. The buffers are shared
   * by every recipient of a broadcast: read them without changing their content, position or limit
   * (use absolute reads, {@code array()} or {@code duplicate()}).
   *
   * @param frames the frames, in order
   * @param offset index of the first frame to write
   * @param length number of frames to write
   * @return how many frames, from {@code offset}, were taken; fewer than {@code length} means the
   *     client is not writable now and the outlet will run the {@link #onWritable} callback when it
   *     is
   * @throws java.io.IOException when the client is gone; the hub closes the connection
   */
  int write(ByteBuffer[] frames, int offset, int length) throws java.io.IOException;

  /**
   * Sets the callback to run each time the outlet becomes writable after a {@link #write} that did
   * not take every frame (and once when the outlet first becomes ready, if it starts not ready).
   * The hub sets it once, before the first write.
   *
   * @param callback quick and non-blocking; it schedules a drain
   */
  void onWritable(Runnable callback);

  /** Ends the client's stream. Idempotent. */
  void close();
}
