package dev.realtime.backplane.hazelcast;

/**
 * Maps routing keys to a fixed set of topics, {@code prefix + shard}. Part of the wire contract:
 * every node of a cluster must use the same prefix and shard count, and the hash below must never
 * change ({@link String#hashCode()} is specified by the language, the mixing step is fixed here).
 */
final class Shards {
  private final String prefix;
  private final int count;

  Shards(String prefix, int count) {
    this.prefix = prefix;
    this.count = count;
  }

  int count() {
    return count;
  }

  /** The shard of a routing key. */
  int of(String routingKey) {
    // String.hashCode keeps similar names close together; murmur3's finalizer spreads them.
    int h = routingKey.hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return Math.floorMod(h, count);
  }

  /** The topic name of a shard. */
  String topic(int shard) {
    return prefix + shard;
  }
}
