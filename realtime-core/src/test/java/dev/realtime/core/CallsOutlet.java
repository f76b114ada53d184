package dev.realtime.core;

import dev.realtime.spi.Outlet;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A test outlet that records each write call's frames (their data lines) and the threads that
 * wrote, and can hold the loop in its first write until released (to make broadcasts wait
 * together).
 */
final class CallsOutlet implements Outlet {
  final CountDownLatch entered = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);
  final Set<String> threads = ConcurrentHashMap.newKeySet();
  private final List<List<String>> calls = new ArrayList<>();
  private volatile boolean hold;
  volatile Runnable onWrite = () -> {};

  void holdFirstWrite() {
    hold = true;
  }

  @Override
  public int write(ByteBuffer[] frames, int offset, int length) {
    threads.add(Thread.currentThread().getName());
    onWrite.run();
    if (hold) {
      hold = false;
      entered.countDown();
      await(release);
    }
    List<String> call = new ArrayList<>();
    for (int i = offset; i < offset + length; i++) {
      String text = StandardCharsets.UTF_8.decode(frames[i].duplicate()).toString();
      call.add(
          text.substring(text.indexOf("data: ") + 6, text.indexOf('\n', text.indexOf("data: "))));
    }
    synchronized (calls) {
      calls.add(call);
    }
    return length;
  }

  List<List<String>> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  List<String> frames() {
    return calls().stream().flatMap(List::stream).toList();
  }

  @Override
  public void onWritable(Runnable callback) {
    // never short
  }

  @Override
  public void close() {
    // nothing held
  }

  static void await(CountDownLatch latch) {
    try {
      // A test seam only: holds the loop so that broadcasts queue up behind this write.
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
