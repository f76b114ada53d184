package dev.realtime.backplane.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import com.hazelcast.topic.MessageListener;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The shard topics and this node's listener registration on each. Changed on the worker thread
 * only; {@link #topic} and {@link #listened} are read from any thread.
 *
 * <p>Each registration has its own listener, stamped with the shard's generation when it was made.
 * Retiring a shard bumps the generation first, so its listener turns stale at once and the receiver
 * drops what still arrives through it while Hazelcast removes the registration.
 */
final class Registrations {
  private static final System.Logger LOG = System.getLogger(HazelcastBackplane.class.getName());

  private final Shards shards;
  private final Receiver receiver;
  private final AtomicIntegerArray generations;
  private final UUID[] ids;
  private final int[] idGenerations;
  private volatile ITopic<Object>[] topics;
  private volatile int listened;

  Registrations(Shards shards, Receiver receiver) {
    this.shards = shards;
    this.receiver = receiver;
    this.generations = new AtomicIntegerArray(shards.count());
    this.ids = new UUID[shards.count()];
    this.idGenerations = new int[shards.count()];
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
      if (ids[s] != null && idGenerations[s] == generations.get(s)) {
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

  /**
   * Listens to exactly the shards the interest needs: adds the missing registrations, retires and
   * removes those no wanted key needs any more, and removes retired ones still in place.
   *
   * @return false when some change failed and must be retried
   */
  boolean apply(Interest interest) {
    boolean complete = true;
    for (int s = 0; s < ids.length; s++) {
      int shard = s;
      if (ids[s] != null && idGenerations[s] != generations.get(s) && !remove(s)) {
        complete = false; // retired earlier, its removal failed: retry before anything else
        continue;
      }
      if (ids[s] == null) {
        if (interest.needs(s) && !add(s)) {
          complete = false;
        }
      } else if (interest.retireIfUnneeded(s, () -> generations.incrementAndGet(shard))) {
        complete &= remove(s);
      }
    }
    count();
    return complete;
  }

  /** Replaces a registration that does not deliver; false when that failed (retry later). */
  boolean replace(int shard, Interest interest) {
    generations.incrementAndGet(shard);
    return apply(interest);
  }

  /** Removes every registration; false when some could not be removed (retry later). */
  boolean removeAll() {
    boolean complete = true;
    for (int s = 0; s < ids.length; s++) {
      generations.incrementAndGet(s);
      if (ids[s] != null) {
        complete &= remove(s);
      }
    }
    count();
    return complete;
  }

  private boolean add(int shard) {
    int generation = generations.incrementAndGet(shard);
    try {
      ids[shard] = topics[shard].addMessageListener(new ShardListener(shard, generation));
      idGenerations[shard] = generation;
      return true;
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "Could not listen to " + shards.topic(shard) + ": " + e);
      return false;
    }
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
    listened = listenedShards().size();
  }

  /** The listener of one registration; stale once its shard's generation moved on. */
  private final class ShardListener implements MessageListener<Object>, Receiver.Source {
    private final int shard;
    private final int generation;

    ShardListener(int shard, int generation) {
      this.shard = shard;
      this.generation = generation;
    }

    @Override
    public void onMessage(Message<Object> message) {
      receiver.onMessage(message, this);
    }

    @Override
    public boolean current() {
      return generations.get(shard) == generation;
    }
  }
}
