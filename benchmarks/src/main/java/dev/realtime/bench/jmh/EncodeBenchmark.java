package dev.realtime.bench.jmh;

import dev.realtime.Delivery;
import dev.realtime.Hub;
import dev.realtime.Message;
import java.util.concurrent.CompletionStage;
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
 * Encoding a message into an SSE frame. {@code realtime} is a broadcast to a room with no local
 * member: validation, the one encode a broadcast makes, the metrics and the returned stage (the
 * encoder is internal; this is how an application pays for it). {@code baseline} is the naive
 * per-subscriber text encode ({@link NaiveHub#encode}), which a naive broadcast repeats for every
 * recipient.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EncodeBenchmark {
  /** Payload sizes: a small JSON update, and a 16 KiB one. */
  public enum Payload {
    SMALL,
    KIB_16;

    String data() {
      return this == SMALL ? BenchHubs.smallJson() : BenchHubs.json(16 * 1024);
    }
  }

  @Param public Payload payload;

  private Hub hub;
  private Message message;
  private String data;

  @Setup
  public void setUp() {
    data = payload.data();
    message = Message.builder().event("queue-update").id("42").data(data).build();
    hub = BenchHubs.hub(1, 1);
  }

  @TearDown
  public void tearDown() {
    hub.close();
  }

  @Benchmark
  public CompletionStage<Delivery> realtime() {
    return hub.broadcast("nobody-listens", message);
  }

  @Benchmark
  public byte[] baseline() {
    return NaiveHub.encode("queue-update", data);
  }
}
