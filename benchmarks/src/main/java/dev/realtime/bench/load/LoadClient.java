package dev.realtime.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The non-blocking SSE load client: a few selector threads, each opening its share of the
 * connections (raw HTTP/1.1 {@code GET}, a bounded number of connects in flight) and then reading
 * every stream, decoding data lines with a {@link StreamDecoder}. Latency is taken once per read,
 * from the timestamp each message carries, and recorded only while {@link #recording} is on.
 */
final class LoadClient implements AutoCloseable {
  private static final int MAX_CONNECTING_PER_THREAD = 128;
  private static final long EPOCH = System.nanoTime();

  private final InetSocketAddress server;
  private final Ledger ledger;
  private final List<Worker> workers = new ArrayList<>();
  private final AtomicInteger held = new AtomicInteger();
  private final AtomicInteger lost = new AtomicInteger();
  private final LongAdder deliveries = new LongAdder();
  private final LongAdder recordedDeliveries = new LongAdder();
  private final AtomicReference<String> lastFailure = new AtomicReference<>();
  private volatile boolean recording;
  private volatile boolean running = true;

  /**
   * Starts the threads, which begin opening {@code connections} streams at once.
   *
   * @throws IOException when a selector cannot be opened
   */
  LoadClient(InetSocketAddress server, int connections, int threads, Ledger ledger)
      throws IOException {
    this.server = server;
    this.ledger = ledger;
    for (int t = 0; t < threads; t++) {
      int share = connections / threads + (t < connections % threads ? 1 : 0);
      Worker w = new Worker(t, share, Selector.open());
      workers.add(w);
    }
    for (Worker w : workers) {
      w.thread.start();
    }
  }

  /**
   * The clock of send and receive timestamps: nanoseconds since this class loaded, so they are
   * never negative and print as plain digits.
   */
  static long clock() {
    return System.nanoTime() - EPOCH;
  }

  /** Streams that answered 200 and are still open. */
  int held() {
    return held.get();
  }

  /** Streams that failed to open or were closed by the server. */
  int lost() {
    return lost.get();
  }

  String lastFailure() {
    return lastFailure.get();
  }

  /** Every message received so far. */
  long deliveries() {
    return deliveries.sum();
  }

  /** Messages received while recording. */
  long recordedDeliveries() {
    return recordedDeliveries.sum();
  }

  void recording(boolean on) {
    recording = on;
  }

  /**
   * Stops the threads, closes every socket and returns what was recorded; call once.
   *
   * @return per-message latency and per-broadcast time-to-all, merged over the threads
   */
  Latencies stop() {
    running = false;
    LatencyHistogram perMessage = new LatencyHistogram();
    LatencyHistogram toAll = new LatencyHistogram();
    for (Worker w : workers) {
      w.selector.wakeup();
      try {
        w.thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      perMessage.add(w.perMessage);
      toAll.add(w.toAll);
    }
    return new Latencies(perMessage, toAll);
  }

  @Override
  public void close() {
    if (running) {
      stop();
    }
  }

  /** Latencies in nanoseconds. */
  record Latencies(LatencyHistogram perMessage, LatencyHistogram toAll) {}

  /** One selector thread and the connections it owns. */
  private final class Worker implements Runnable {
    final Selector selector;
    final Thread thread;
    final int share;
    final LatencyHistogram perMessage = new LatencyHistogram();
    final LatencyHistogram toAll = new LatencyHistogram();
    final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    final byte[] request;
    int started;
    int connecting;
    long now;

    Worker(int index, int share, Selector selector) {
      this.share = share;
      this.selector = selector;
      this.request = request(index);
      this.thread = new Thread(this, "load-client-" + index);
      this.thread.setDaemon(true);
    }

    /** Each connection is its own resource (like one user each), all in the room {@code load}. */
    private byte[] request(int index) {
      return ("GET /events?room="
              + LoadServer.ROOM
              + "&resource=u"
              + index
              + "-%d HTTP/1.1\r\nHost: 127.0.0.1:"
              + server.getPort()
              + "\r\nAccept: text/event-stream\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void run() {
      try {
        while (running) {
          openMore();
          selector.select(10);
          now = clock();
          for (SelectionKey key : selector.selectedKeys()) {
            Stream s = (Stream) key.attachment();
            try {
              if (key.isConnectable()) {
                s.connected(key);
              } else if (key.isReadable()) {
                s.read(key);
              }
            } catch (IOException | RuntimeException e) {
              s.fail(key, e.toString());
            }
          }
          selector.selectedKeys().clear();
        }
      } catch (IOException e) {
        lastFailure.set("selector failed: " + e);
      } finally {
        for (SelectionKey key : selector.keys()) {
          closeQuietly(key);
        }
        closeQuietly(selector);
      }
    }

    private void openMore() {
      while (started < share && connecting < MAX_CONNECTING_PER_THREAD) {
        Stream s = new Stream(this, started++);
        connecting++;
        try {
          SocketChannel ch = SocketChannel.open();
          ch.configureBlocking(false);
          ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
          ch.connect(server);
          ch.register(selector, SelectionKey.OP_CONNECT, s);
        } catch (IOException e) {
          connecting--;
          lost.incrementAndGet();
          lastFailure.set("connect: " + e);
        }
      }
    }
  }

  /** One SSE connection; touched only by its worker's thread. */
  private final class Stream implements StreamDecoder.Sink {
    private final Worker worker;
    private final int index;
    private final StreamDecoder decoder = new StreamDecoder(this);
    private boolean opened;

    Stream(Worker worker, int index) {
      this.worker = worker;
      this.index = index;
    }

    void connected(SelectionKey key) throws IOException {
      SocketChannel ch = (SocketChannel) key.channel();
      ch.finishConnect();
      byte[] req =
          new String(worker.request, StandardCharsets.US_ASCII)
              .replace("%d", Integer.toString(index))
              .getBytes(StandardCharsets.US_ASCII);
      ByteBuffer out = ByteBuffer.wrap(req);
      ch.write(out);
      if (out.hasRemaining()) {
        throw new IOException("request not sent in one write");
      }
      key.interestOps(SelectionKey.OP_READ);
    }

    void read(SelectionKey key) throws IOException {
      ByteBuffer buf = worker.buffer;
      buf.clear();
      int n = ((SocketChannel) key.channel()).read(buf);
      if (n < 0) {
        fail(key, "closed by the server");
        return;
      }
      if (!decoder.decode(buf.array(), 0, n)) {
        fail(key, decoder.failure());
      }
    }

    void fail(SelectionKey key, String why) {
      if (opened) {
        held.decrementAndGet();
      } else {
        worker.connecting--;
      }
      lost.incrementAndGet();
      lastFailure.set(why);
      closeQuietly(key);
    }

    @Override
    public void opened() {
      opened = true;
      worker.connecting--;
      held.incrementAndGet();
    }

    @Override
    public void event(long seq, long sentNanos) {
      deliveries.increment();
      long completedAt = ledger.received(seq);
      if (recording) {
        recordedDeliveries.increment();
        worker.perMessage.record(worker.now - sentNanos);
        if (completedAt >= 0) {
          worker.toAll.record(worker.now - completedAt);
        }
      }
    }
  }

  private static void closeQuietly(SelectionKey key) {
    key.cancel();
    closeQuietly(key.channel());
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing on the way out
    }
  }
}
