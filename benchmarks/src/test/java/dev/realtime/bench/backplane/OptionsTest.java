package dev.realtime.bench.backplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {

  private static Options parse(String... args) {
    return Options.parse(args, Map.of());
  }

  @Test
  void defaultsMatchTheUsage() {
    Options o = parse();
    assertThat(o.backplane()).isEqualTo(Cluster.Kind.LOCAL);
    assertThat(o.mode()).isEqualTo(Options.Mode.LATENCY);
    assertThat(o.rate()).isEqualTo(10_000);
    assertThat(o.seconds()).isEqualTo(Duration.ofSeconds(20));
    assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.redisUrl()).isEqualTo("redis://127.0.0.1:6379");
    assertThat(o.baseline()).isTrue();
  }

  @Test
  void readsEveryOptionAndRedisUrlFromTheEnvironment() {
    Options o =
        Options.parse(
            new String[] {
              "--backplane", "Hazelcast", "--mode", "both", "--rate", "2_000", "--seconds", "1.5",
              "--warmup", "0", "--payload", "64", "--window", "16", "--backlog", "32",
              "--baseline", "false"
            },
            Map.of("REDIS_URL", "redis://10.0.0.1:6380"));
    assertThat(o)
        .isEqualTo(
            new Options(
                Cluster.Kind.HAZELCAST,
                Options.Mode.BOTH,
                2_000,
                Duration.ofMillis(1500),
                Duration.ZERO,
                64,
                16,
                32,
                "redis://10.0.0.1:6380",
                false));
    assertThat(parse("--redis-url", "redis://h:1").redisUrl()).isEqualTo("redis://h:1");
  }

  @Test
  void badValuesNameTheOptionAndItsLimits() {
    assertThatThrownBy(() -> parse("--rate", "0"))
        .hasMessage("--rate must be 1 to 1,000,000, was '0'");
    assertThatThrownBy(() -> parse("--payload", "lots"))
        .hasMessage("--payload must be 20 to 65,536, was 'lots'");
    assertThatThrownBy(() -> parse("--seconds", "-1"))
        .hasMessage("--seconds must be 0.1 to 3600.0 seconds, was '-1'");
    assertThatThrownBy(() -> parse("--backplane", "kafka"))
        .hasMessage("--backplane must be one of [local, redis, hazelcast], was 'kafka'");
    assertThatThrownBy(() -> parse("--baseline", "yes"))
        .hasMessage("--baseline must be true or false, was 'yes'");
    assertThatThrownBy(() -> parse("--rate")).hasMessage("--rate: missing value");
    assertThatThrownBy(() -> parse("--speed", "1"))
        .hasMessageStartingWith("unknown option --speed");
  }
}
