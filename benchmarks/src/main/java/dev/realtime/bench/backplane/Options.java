package dev.realtime.bench.backplane;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The harness's command line, validated: every bad value fails with a message naming the option and
 * its limits.
 *
 * @param backplane what carries messages from node A to node B
 * @param mode fixed-rate latency, max throughput, publish-only throughput, or a combination
 * @param rate messages per second of a latency run
 * @param seconds length of each measured window
 * @param warmup unmeasured time before each window
 * @param payload data bytes per message
 * @param window max-throughput sends awaiting acceptance at once
 * @param backlog max-throughput sends accepted but not yet delivered at once
 * @param redisUrl the Redis server of {@code --backplane redis}
 * @param baseline whether to run the hand-rolled baseline after the library
 */
record Options(
    Cluster.Kind backplane,
    Mode mode,
    int rate,
    Duration seconds,
    Duration warmup,
    int payload,
    int window,
    int backlog,
    String redisUrl,
    boolean baseline) {

  /** What a run measures. */
  enum Mode {
    /** Fixed-rate, open-loop latency. */
    LATENCY,
    /** Max throughput, node B receiving. */
    THROUGHPUT,
    /** Max publishes per second with nobody receiving on node B. */
    PUBLISH,
    /** Latency, then throughput. */
    BOTH,
    /** Latency, throughput, then publish-only. */
    ALL;

    boolean latency() {
      return this == LATENCY || this == BOTH || this == ALL;
    }

    boolean throughput() {
      return this == THROUGHPUT || this == BOTH || this == ALL;
    }

    boolean publishOnly() {
      return this == PUBLISH || this == ALL;
    }
  }

  static final String USAGE =
      """
      usage: RoundTrip [--backplane local|redis|hazelcast] [--mode latency|throughput|publish|both|all]
                       [--rate N] [--seconds S] [--warmup S] [--payload BYTES]
                       [--window N] [--backlog N] [--redis-url URL] [--baseline true|false]
      defaults: local, latency, 10000/s, 20 s, 5 s warm-up, 128 bytes, window 8192,
                backlog 100000, REDIS_URL or redis://127.0.0.1:6379, baseline true""";

  /**
   * Parses {@code --name value} pairs.
   *
   * @param env supplies {@code REDIS_URL} when {@code --redis-url} is absent
   * @throws IllegalArgumentException naming the option and its limits
   */
  static Options parse(String[] args, Map<String, String> env) {
    Cluster.Kind backplane = Cluster.Kind.LOCAL;
    Mode mode = Mode.LATENCY;
    int rate = 10_000;
    Duration seconds = Duration.ofSeconds(20);
    Duration warmup = Duration.ofSeconds(5);
    int payload = 128;
    int window = 8192;
    int backlog = 100_000;
    String redisUrl = env.getOrDefault("REDIS_URL", "redis://127.0.0.1:6379");
    boolean baseline = true;
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + ": missing value");
      }
      String v = args[i + 1];
      switch (name) {
        case "--backplane" -> backplane = choice(name, v, Cluster.Kind.class);
        case "--mode" -> mode = choice(name, v, Mode.class);
        case "--rate" -> rate = integer(name, v, 1, 1_000_000);
        case "--seconds" -> seconds = seconds(name, v, 0.1, 3600);
        case "--warmup" -> warmup = seconds(name, v, 0, 600);
        case "--payload" -> payload = integer(name, v, 20, 65_536);
        case "--window" -> window = integer(name, v, 1, 1_000_000);
        case "--backlog" -> backlog = integer(name, v, 1, 10_000_000);
        case "--redis-url" -> redisUrl = v;
        case "--baseline" -> baseline = bool(name, v);
        default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
      }
    }
    return new Options(
        backplane, mode, rate, seconds, warmup, payload, window, backlog, redisUrl, baseline);
  }

  private static <E extends Enum<E>> E choice(String name, String v, Class<E> type) {
    try {
      return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          name
              + " must be one of "
              + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT)
              + ", was '"
              + v
              + "'");
    }
  }

  private static int integer(String name, String v, int min, int max) {
    long n;
    try {
      n = Long.parseLong(v.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      n = Long.MIN_VALUE;
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "%s must be %,d to %,d, was '%s'", name, min, max, v));
    }
    return (int) n;
  }

  private static Duration seconds(String name, String v, double min, double max) {
    double s;
    try {
      s = Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      s = Double.NaN;
    }
    if (!(s >= min && s <= max)) {
      throw new IllegalArgumentException(
          name + " must be " + min + " to " + max + " seconds, was '" + v + "'");
    }
    return Duration.ofMillis(Math.round(s * 1000));
  }

  private static boolean bool(String name, String v) {
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(name + " must be true or false, was '" + v + "'");
    };
  }
}
