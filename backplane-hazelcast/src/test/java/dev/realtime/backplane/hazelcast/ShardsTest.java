package dev.realtime.backplane.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardsTest {
  private final Shards shards = new Shards("realtime.", 256);

  @Test
  void hashIsPartOfTheWireContractAndNeverChanges() {
    // Nodes of one cluster must agree; a change here would split old and new nodes silently.
    assertThat(shards.of("room:lobby")).isEqualTo(73);
    assertThat(shards.of("resource:user-42")).isEqualTo(206);
    assertThat(shards.of("node:a")).isEqualTo(121);
    assertThat(shards.of("room:")).isEqualTo(232);
  }

  @Test
  void similarNamesSpreadOverEveryShard() {
    int[] perShard = new int[256];
    IntStream.range(0, 10_000).forEach(i -> perShard[shards.of("room:r-" + i)]++);
    // 39 on average: none empty, none more than about one and a half times that.
    assertThat(IntStream.of(perShard).min().orElseThrow()).isGreaterThan(15);
    assertThat(IntStream.of(perShard).max().orElseThrow()).isLessThan(70);
  }

  @Test
  void topicNamesArePrefixAndShard() {
    assertThat(shards.topic(0)).isEqualTo("realtime.0");
    assertThat(shards.topic(255)).isEqualTo("realtime.255");
    assertThat(new Shards("x", 1).of("anything")).isZero();
  }
}
