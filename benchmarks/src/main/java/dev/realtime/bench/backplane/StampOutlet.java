package dev.realtime.bench.backplane;

import dev.realtime.spi.Outlet;
import java.nio.ByteBuffer;

/**
 * The client on node B: takes every frame at once, as a fast client on loopback would, and hands
 * each to the recorder. Costs one scan of the frame's first bytes; no copy, no allocation.
 */
final class StampOutlet implements Outlet {
  private final Recorder recorder;
  private volatile boolean closed;

  StampOutlet(Recorder recorder) {
    this.recorder = recorder;
  }

  @Override
  public int write(ByteBuffer[] frames, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      recorder.arrived(frames[i]);
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

  /** Whether the hub closed this client (a slow-consumer disconnect would void the run). */
  boolean isClosed() {
    return closed;
  }
}
