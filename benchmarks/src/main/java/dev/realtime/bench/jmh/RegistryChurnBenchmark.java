package dev.realtime.bench.jmh;

import dev.realtime.CloseReason;
import dev.realtime.Connection;
import dev.realtime.ConnectionRejectedException;
import dev.realtime.ConnectionRequest;
import dev.realtime.Hub;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Connection churn under caps, two threads at once: open a stream on one of {@value #RESOURCES}
 * resources that already hold {@value #RESIDENTS} connections each (cap {@value #CAP}), then close
 * it. {@code realtime} is the hub's registry (node-wide and per-resource caps, close handed to a
 * drain); {@code baseline} the naive map of copy-on-write lists with a size check.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(2)
public class RegistryChurnBenchmark {
  static final int RESOURCES = 1_000;
  static final int RESIDENTS = 20;
  static final int CAP = 100;

  private Hub hub;
  private NaiveHub naive;
  private ConnectionRequest[] requests;
  private String[] keys;

  @Setup
  public void setUp() {
    hub = BenchHubs.hub(RESOURCES * CAP, CAP);
    naive = new NaiveHub(CAP);
    Written sink = new Written();
    requests = new ConnectionRequest[RESOURCES];
    keys = new String[RESOURCES];
    for (int r = 0; r < RESOURCES; r++) {
      keys[r] = "doctor-" + r;
      requests[r] = ConnectionRequest.of(keys[r]);
      for (int i = 0; i < RESIDENTS; i++) {
        hub.open(requests[r], new DiscardingOutlet(sink, 0));
        naive.subscribe(keys[r], new DiscardingStream(sink, 0));
      }
    }
  }

  @TearDown
  public void tearDown() {
    hub.close();
  }

  /** Each thread walks the resources from its own starting point. */
  @State(Scope.Thread)
  public static class Cursor {
    private static final AtomicInteger STARTS = new AtomicInteger();
    int next = STARTS.getAndIncrement() * (RESOURCES / 2);
    final DiscardingOutlet outlet = new DiscardingOutlet(new Written(), 0);
    final DiscardingStream stream = new DiscardingStream(new Written(), 0);

    int advance() {
      next = (next + 1) % RESOURCES;
      return next;
    }
  }

  @Benchmark
  public Connection realtime(Cursor cursor) {
    Connection c;
    try {
      c = hub.open(requests[cursor.advance()], cursor.outlet);
    } catch (ConnectionRejectedException e) {
      throw new IllegalStateException("cap reached in a churn that never fills it", e);
    }
    c.close(CloseReason.CLIENT_GONE);
    return c;
  }

  @Benchmark
  public NaiveHub.Subscriber baseline(Cursor cursor) {
    String key = keys[cursor.advance()];
    NaiveHub.Subscriber s = naive.subscribe(key, cursor.stream);
    if (s == null) {
      throw new IllegalStateException("cap reached in a churn that never fills it");
    }
    naive.unsubscribe(key, s);
    return s;
  }
}
