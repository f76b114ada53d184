package dev.realtime.backplane.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.MessageListener;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The shard topics and this node's listener registration on each. Changed on the worker thread
 * only; {@link #topic} and {@link #listened} are read from any thread.
 */
final class Registrations {
  private static final System.Logger LOG = System.getLogger(HazelcastBackplane.class.getName());

  private final Shards shards;
  private final MessageListener<Object> receiver;
  private final UUID[] ids;
  private volatile ITopic<Object>[] topics;
  private volatile int listened;

  Registrations(Shards shards, MessageListener<Object> receiver) {
    this.shards = shards;
    this.receiver = receiver;
    this.ids = new UUID[shards.count()];
  }

  /** The topic of a routing key, or null before the topics exist. */
  ITopic<Object> topic(String routingKey) {
    ITopic<Object>[] t = topics;
    return t == null ? null : t[shards.of(routingKey)];
  }

  int listened() {
    return listened;
  }

  /**
   * Gets the topic proxies once; on a client each is a round trip, so never on a caller's thread.
   */
  @SuppressWarnings("unchecked")
  void createTopics(HazelcastInstance instance) {
    if (topics != null) {
      return;
    }
    ITopic<Object>[] t = new ITopic[shards.count()];
    for (int s = 0; s < t.length; s++) {
      t[s] = instance.getTopic(shards.topic(s));
    }
    topics = t;
  }

  boolean hasTopics() {
    return topics != null;
  }

  /** The shards listened to now. */
  List<Integer> listenedShards() {
    List<Integer> out = new ArrayList<>();
    for (int s = 0; s < ids.length; s++) {
      if (ids[s] != null) {
        out.add(s);
      }
    }
    return out;
  }

  /** Publishes without waiting, ignoring the outcome (for probes, which are simply sent again). */
  void publishQuietly(int shard, byte[] payload) {
    try {
      topics[shard].publishAsync(payload);
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "Could not publish to " + shards.topic(shard) + ": " + e);
    }
  }

  /** Replaces a registration that does not deliver; false when that failed (retry later). */
  boolean replace(int shard, Interest interest) {
    if (ids[shard] != null && !remove(shard)) {
      return false;
    }
    return apply(interest);
  }

  /**
   * Listens to exactly the shards the interest needs (as of its last drain).
   *
   * @return false when some change failed and must be retried
   */
  boolean apply(Interest interest) {
    boolean complete = true;
    for (int s = 0; s < ids.length; s++) {
      boolean wanted = interest.needs(s);
      if (wanted && ids[s] == null) {
        try {
          ids[s] = topics[s].addMessageListener(receiver);
        } catch (RuntimeException e) {
          LOG.log(Level.DEBUG, "Could not listen to " + shards.topic(s) + ": " + e);
          complete = false;
        }
      } else if (!wanted && ids[s] != null) {
        complete &= remove(s);
      }
    }
    count();
    return complete;
  }

  /** Removes every registration; false when some could not be removed (retry later). */
  boolean removeAll() {
    boolean complete = true;
    for (int s = 0; s < ids.length; s++) {
      if (ids[s] != null) {
        complete &= remove(s);
      }
    }
    count();
    return complete;
  }

  private boolean remove(int shard) {
    try {
      topics[shard].removeMessageListener(ids[shard]);
      ids[shard] = null;
      return true;
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "Could not stop listening to " + shards.topic(shard) + ": " + e);
      return false;
    }
  }

  private void count() {
    int n = 0;
    for (UUID id : ids) {
      if (id != null) {
        n++;
      }
    }
    listened = n;
  }
}
