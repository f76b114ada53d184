package dev.realtime.backplane.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which routing keys this node wants, which it has asked Redis for, and which Redis confirmed.
 *
 * <p>{@link #set} is called from any thread (often under a hub lock) and only records the wish and
 * marks the key dirty. The worker thread later {@linkplain #drain drains} the dirty keys into one
 * batch of subscribes and one of unsubscribes, so a burst of joins and leaves costs one command
 * each way and a key that flips on and off in between costs nothing.
 */
final class Interest {
  private final Set<String> desired = ConcurrentHashMap.newKeySet();
  private final Set<String> dirty = ConcurrentHashMap.newKeySet();
  private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
  // Worker thread only: what the last command sent for each key asked for.
  private final Set<String> requested = new HashSet<>();

  /** The changes a drain found, as routing keys. */
  record Changes(List<String> subscribe, List<String> unsubscribe) {
    boolean isEmpty() {
      return subscribe.isEmpty() && unsubscribe.isEmpty();
    }
  }

  // ---- any thread ----

  void set(String key, boolean wanted) {
    if (wanted) {
      desired.add(key);
    } else {
      desired.remove(key);
    }
    // After the change, so a drain that misses the new value will see the key dirty again.
    dirty.add(key);
  }

  boolean wants(String key) {
    return desired.contains(key);
  }

  int wantedCount() {
    return desired.size();
  }

  int confirmedCount() {
    return confirmed.size();
  }

  /** Redis confirmed a subscription (called on an I/O thread). */
  void confirmed(String key) {
    confirmed.add(key);
  }

  /** Redis confirmed an unsubscription, or dropped the subscription (called on an I/O thread). */
  void unconfirmed(String key) {
    confirmed.remove(key);
  }

  // ---- worker thread ----

  /** Takes the dirty keys and returns what must be sent to Redis to match the wishes. */
  Changes drain() {
    List<String> subscribe = new ArrayList<>();
    List<String> unsubscribe = new ArrayList<>();
    for (Iterator<String> it = dirty.iterator(); it.hasNext(); ) {
      String key = it.next();
      it.remove(); // before reading the wish: a concurrent set() re-marks the key
      if (desired.contains(key)) {
        if (requested.add(key)) {
          subscribe.add(key);
        }
      } else if (requested.remove(key)) {
        unsubscribe.add(key);
      }
    }
    return new Changes(subscribe, unsubscribe);
  }

  /**
   * After a reconnect: Redis forgot this connection's subscriptions, so every wanted key is asked
   * for again. Keys that change meanwhile stay dirty for the next drain.
   *
   * @return the keys to subscribe
   */
  List<String> requestAll() {
    requested.clear();
    requested.addAll(desired);
    return new ArrayList<>(requested);
  }

  /** A subscribe failed: forget the request and mark the keys dirty so a later drain retries. */
  void retry(Collection<String> keys) {
    requested.removeAll(keys);
    dirty.addAll(keys);
  }

  /** The connection dropped: Redis holds no subscription of ours until we resubscribe. */
  void connectionLost() {
    confirmed.clear();
  }

  /**
   * @param keys keys that were subscribed
   * @return those still wanted that Redis has not confirmed
   */
  List<String> unconfirmed(Collection<String> keys) {
    List<String> missing = new ArrayList<>();
    for (String key : keys) {
      if (desired.contains(key) && !confirmed.contains(key)) {
        missing.add(key);
      }
    }
    return missing;
  }
}
