package dev.realtime.backplane.hazelcast;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which routing keys this node wants, and from that how many wanted keys each shard holds.
 *
 * <p>{@link #set} is called from any thread (often under a hub lock); it holds this object's lock
 * only to update a counter, so it never waits on Hazelcast. The receiving side filters on {@link
 * #wants} at once, so a node stops handing a key's envelopes to its hub the moment it loses
 * interest. The worker thread reads {@link #needs} to listen to exactly the shards with wanted
 * keys, and stops a shard only through {@link #retireIfUnneeded}, atomically with {@code set}: a
 * key that stays wanted keeps its shard listened without a gap.
 */
final class Interest {
  private final Shards shards;
  private final Set<String> desired = ConcurrentHashMap.newKeySet();
  private final int[] perShard; // guarded by this

  Interest(Shards shards) {
    this.shards = shards;
    this.perShard = new int[shards.count()];
  }

  /**
   * Records a wish.
   *
   * @return whether the shard's need changed (its first wanted key, or its last one gone), i.e.
   *     whether the worker has something to do
   */
  boolean set(String key, boolean wanted) {
    int shard = shards.of(key);
    synchronized (this) {
      // desired changes under the lock too, so the worker's check in retireIfUnneeded and a
      // concurrent set() are ordered, and the receiver's read of desired sees what came first.
      if (wanted ? desired.add(key) : desired.remove(key)) {
        perShard[shard] += wanted ? 1 : -1;
        return perShard[shard] == (wanted ? 1 : 0);
      }
      return false;
    }
  }

  boolean wants(String key) {
    return desired.contains(key);
  }

  int wantedCount() {
    return desired.size();
  }

  /** Whether some wanted key lives in this shard. */
  synchronized boolean needs(int shard) {
    return perShard[shard] > 0;
  }

  /**
   * Runs {@code retire} (which stops deliveries through the shard's listener) only if no key of the
   * shard is wanted, atomically with {@link #set}.
   *
   * @return whether it retired the shard
   */
  synchronized boolean retireIfUnneeded(int shard, Runnable retire) {
    if (perShard[shard] > 0) {
      return false;
    }
    retire.run();
    return true;
  }
}
