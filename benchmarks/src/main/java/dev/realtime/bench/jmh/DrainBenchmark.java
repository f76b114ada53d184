package dev.realtime.bench.jmh;

import dev.realtime.Connection;
import dev.realtime.ConnectionRequest;
import dev.realtime.Hub;
import dev.realtime.Message;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Draining queued frames: {@code burst} messages sent to one connection while its outlet is shut (a
 * slow client), then the outlet opens and the drain writes the backlog, until every frame was
 * taken. {@code writeCost} stands for the fixed cost of one write call to a client (tokens of
 * {@code Blackhole.consumeCPU}). {@code realtime} coalesces the backlog into gathering writes;
 * {@code baseline} encodes, writes and flushes each message in the sender's thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DrainBenchmark {
  private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

  @Param({"16", "64"})
  public int burst;

  @Param({"0", "1000"})
  public int writeCost;

  private Hub hub;
  private Connection connection;
  private GatedOutlet outlet;
  private final Written hubWritten = new Written();
  private long hubExpected;
  private Message message;

  private NaiveHub.Subscriber subscriber;
  private final Written naiveWritten = new Written();
  private long naiveExpected;
  private String data;

  @Setup
  public void setUp() {
    data = BenchHubs.smallJson();
    message = Message.of("queue-update", data);
    hub = BenchHubs.hub(1, 1);
    outlet = new GatedOutlet(hubWritten, writeCost);
    connection = hub.open(ConnectionRequest.of("doctor-123"), outlet);
    NaiveHub naive = new NaiveHub(1);
    subscriber = naive.subscribe("doctor-123", new DiscardingStream(naiveWritten, writeCost));
  }

  @TearDown
  public void tearDown() {
    hub.close();
  }

  @Benchmark
  public long realtime() {
    outlet.shut();
    for (int i = 0; i < burst; i++) {
      connection.send(message);
    }
    outlet.open();
    hubExpected += burst;
    hubWritten.awaitAtLeast(hubExpected, TIMEOUT_NANOS);
    return hubExpected;
  }

  @Benchmark
  public long baseline() throws java.io.IOException {
    for (int i = 0; i < burst; i++) {
      subscriber.send("queue-update", data);
    }
    naiveExpected += burst;
    naiveWritten.awaitAtLeast(naiveExpected, TIMEOUT_NANOS);
    return naiveExpected;
  }
}
