package dev.realtime.backplane.hazelcast;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which routing keys this node wants, and from that which shard topics it must listen to.
 *
 * <p>{@link #set} is called from any thread (often under a hub lock): it only records the wish and
 * marks the key dirty. The receiving side filters on {@link #wants} at once, so a node stops
 * handing a key's envelopes to its hub the moment it loses interest. The worker thread later
 * {@linkplain #drain drains} the dirty keys into per-shard counts; a shard topic is listened to
 * while its count is above zero.
 */
final class Interest {
  private final Shards shards;
  private final Set<String> desired = ConcurrentHashMap.newKeySet();
  private final Set<String> dirty = ConcurrentHashMap.newKeySet();
  // Worker thread only.
  private final Set<String> counted = new HashSet<>();
  private final int[] perShard;

  Interest(Shards shards) {
    this.shards = shards;
    this.perShard = new int[shards.count()];
  }

  // ---- any thread ----

  void set(String key, boolean wanted) {
    if (wanted) {
      desired.add(key);
    } else {
      desired.remove(key);
    }
    // After the change, so a drain that misses the new value sees the key dirty again.
    dirty.add(key);
  }

  boolean wants(String key) {
    return desired.contains(key);
  }

  int wantedCount() {
    return desired.size();
  }

  // ---- worker thread ----

  /** Folds the keys changed since the last drain into the per-shard counts. */
  void drain() {
    for (Iterator<String> it = dirty.iterator(); it.hasNext(); ) {
      String key = it.next();
      it.remove(); // before reading the wish: a concurrent set() marks the key dirty again
      if (desired.contains(key)) {
        if (counted.add(key)) {
          perShard[shards.of(key)]++;
        }
      } else if (counted.remove(key)) {
        perShard[shards.of(key)]--;
      }
    }
  }

  /** Whether some wanted key lives in this shard (as of the last drain). */
  boolean needs(int shard) {
    return perShard[shard] > 0;
  }
}
