package dev.realtime.backplane.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InterestTest {
  private final Shards shards = new Shards("t.", 4);
  private final Interest interest = new Interest(shards);

  @Test
  void filtersAtOnceButCountsShardsOnlyWhenDrained() {
    interest.set("room:a", true);

    assertThat(interest.wants("room:a")).isTrue();
    assertThat(interest.needs(shards.of("room:a"))).isFalse();
    interest.drain();
    assertThat(interest.needs(shards.of("room:a"))).isTrue();
  }

  @Test
  void shardIsNeededWhileAnyOfItsKeysIsWanted() {
    String first = "room:a";
    String second = sameShardAs(first);
    int shard = shards.of(first);
    interest.set(first, true);
    interest.set(second, true);
    interest.drain();

    interest.set(first, false);
    interest.drain();
    assertThat(interest.wants(first)).isFalse();
    assertThat(interest.needs(shard)).isTrue();

    interest.set(second, false);
    interest.drain();
    assertThat(interest.needs(shard)).isFalse();
  }

  @Test
  void repeatedAndFlippedWishesCountOnce() {
    interest.set("room:a", true);
    interest.set("room:a", true);
    interest.set("room:a", false);
    interest.set("room:a", true);
    interest.drain();
    interest.set("room:a", false);
    interest.drain();

    assertThat(interest.needs(shards.of("room:a"))).isFalse();
    assertThat(interest.wantedCount()).isZero();
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
