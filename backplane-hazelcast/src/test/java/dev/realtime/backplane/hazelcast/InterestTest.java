package dev.realtime.backplane.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InterestTest {
  private final Shards shards = new Shards("t.", 4);
  private final Interest interest = new Interest(shards);
  private final AtomicInteger retired = new AtomicInteger();

  @Test
  void reportsOnlyChangesOfAShardsNeed() {
    String first = "room:a";
    String second = sameShardAs(first);
    int shard = shards.of(first);

    assertThat(interest.set(first, true)).as("first key of the shard").isTrue();
    assertThat(interest.set(second, true)).as("second key").isFalse();
    assertThat(interest.set(second, true)).as("repeated").isFalse();
    assertThat(interest.needs(shard)).isTrue();
    assertThat(interest.set(first, false)).as("one key left").isFalse();
    assertThat(interest.wants(first)).isFalse();
    assertThat(interest.wants(second)).isTrue();
    assertThat(interest.set(second, false)).as("last key gone").isTrue();
    assertThat(interest.set(second, false)).as("repeated").isFalse();
    assertThat(interest.needs(shard)).isFalse();
    assertThat(interest.wantedCount()).isZero();
  }

  @Test
  void retiresAShardOnlyWhileNoKeyOfItIsWanted() {
    int shard = shards.of("room:a");
    interest.set("room:a", true);

    assertThat(interest.retireIfUnneeded(shard, retired::incrementAndGet)).isFalse();
    interest.set("room:a", false);
    assertThat(interest.retireIfUnneeded(shard, retired::incrementAndGet)).isTrue();
    assertThat(retired).hasValue(1);
  }

  private String sameShardAs(String key) {
    for (int i = 0; ; i++) {
      String candidate = "room:b" + i;
      if (shards.of(candidate) == shards.of(key)) {
        return candidate;
      }
    }
  }
}
