package dev.realtime.bench.jmh;

import dev.realtime.spi.Outlet;
import java.nio.ByteBuffer;
import org.openjdk.jmh.infra.Blackhole;

/**
 * An outlet that takes every frame and discards it, counting frames in a shared {@link Written}. A
 * {@code writeCost} in JMH {@link Blackhole#consumeCPU} tokens stands for the fixed cost of one
 * write call to a real client (a syscall), paid once per call however many frames it carries.
 */
final class DiscardingOutlet implements Outlet {
  private final Written written;
  private final int writeCost;
  private long bytes;

  DiscardingOutlet(Written written, int writeCost) {
    this.written = written;
    this.writeCost = writeCost;
  }

  @Override
  public int write(ByteBuffer[] frames, int offset, int length) {
    if (writeCost > 0) {
      Blackhole.consumeCPU(writeCost);
    }
    long b = bytes;
    for (int i = offset; i < offset + length; i++) {
      b += frames[i].remaining();
    }
    bytes = b;
    written.add(length);
    return length;
  }

  @Override
  public void onWritable(Runnable callback) {
    // never blocked, so never called back
  }

  @Override
  public void close() {
    // nothing to release
  }

  long bytes() {
    return bytes;
  }
}
