package dev.realtime.bench.jmh;

import dev.realtime.spi.Outlet;
import java.nio.ByteBuffer;
import org.openjdk.jmh.infra.Blackhole;

/**
 * An outlet that can be shut (write takes nothing, like a full socket buffer) and opened again
 * (runs the hub's writability callback, like a container's {@code onWritePossible}). Open, it takes
 * and discards every frame, paying {@code writeCost} {@link Blackhole#consumeCPU} tokens per write
 * call.
 */
final class GatedOutlet implements Outlet {
  private final Written written;
  private final int writeCost;
  private volatile boolean shut;
  private volatile Runnable onWritable;

  GatedOutlet(Written written, int writeCost) {
    this.written = written;
    this.writeCost = writeCost;
  }

  @Override
  public int write(ByteBuffer[] frames, int offset, int length) {
    if (shut) {
      return 0;
    }
    if (writeCost > 0) {
      Blackhole.consumeCPU(writeCost);
    }
    written.add(length);
    return length;
  }

  @Override
  public void onWritable(Runnable callback) {
    onWritable = callback;
  }

  @Override
  public void close() {
    // nothing to release
  }

  void shut() {
    shut = true;
  }

  void open() {
    shut = false;
    onWritable.run();
  }
}
