package dev.realtime.bench.jmh;

import java.io.OutputStream;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The baseline's client stream: discards bytes, counts one frame per {@code write} in a shared
 * {@link Written}, and pays {@code flushCost} {@link Blackhole#consumeCPU} tokens per flush, the
 * same cost {@link DiscardingOutlet} pays per write call.
 */
final class DiscardingStream extends OutputStream {
  private final Written written;
  private final int flushCost;
  private long bytes;

  DiscardingStream(Written written, int flushCost) {
    this.written = written;
    this.flushCost = flushCost;
  }

  @Override
  public void write(int b) {
    bytes++;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    bytes += len;
    written.add(1);
  }

  @Override
  public void flush() {
    if (flushCost > 0) {
      Blackhole.consumeCPU(flushCost);
    }
  }

  long bytes() {
    return bytes;
  }
}
