package dev.realtime.bench.jmh;

import dev.realtime.ConnectionRequest;
import dev.realtime.Delivery;
import dev.realtime.Hub;
import dev.realtime.Message;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One broadcast to a room of {@code members} connections, from the {@code broadcast} call until the
 * frame was taken by every member's outlet (outlets take and discard). The score is per broadcast;
 * divide by {@code members} for the cost per recipient. {@code realtime} includes the drain
 * threads' work (the broadcasting thread waits for it); {@code baseline} is the naive synchronous
 * loop.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class FanOutBenchmark {
  private static final String ROOM = "lobby";
  private static final String EVENT = "queue-update";
  private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

  @Param({"1000", "10000", "100000"})
  public int members;

  private Hub hub;
  private final Written hubWritten = new Written();
  private long hubExpected;
  private Message message;

  private NaiveHub naive;
  private final Written naiveWritten = new Written();
  private long naiveExpected;
  private String data;

  @Setup(Level.Trial)
  public void setUp() {
    data = BenchHubs.smallJson();
    message = Message.of(EVENT, data);
    hub = BenchHubs.hub(members, 1);
    naive = new NaiveHub(members);
    for (int i = 0; i < members; i++) {
      hub.open(
          ConnectionRequest.builder("user-" + i).room(ROOM).build(),
          new DiscardingOutlet(hubWritten, 0));
      naive.subscribe(ROOM, new DiscardingStream(naiveWritten, 0));
    }
    // Both sides reach every member, or the comparison means nothing.
    int local = realtime().toCompletableFuture().join().localRecipients();
    if (local != members || baseline() != members) {
      throw new IllegalStateException("fan-out reached " + local + " of " + members);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    hub.close();
  }

  @Benchmark
  public CompletionStage<Delivery> realtime() {
    CompletionStage<Delivery> d = hub.broadcast(ROOM, message);
    hubExpected += members;
    hubWritten.awaitAtLeast(hubExpected, TIMEOUT_NANOS);
    return d;
  }

  @Benchmark
  public int baseline() {
    int n = naive.broadcast(ROOM, EVENT, data);
    naiveExpected += members;
    naiveWritten.awaitAtLeast(naiveExpected, TIMEOUT_NANOS);
    return n;
  }
}
