package dev.realtime.backplane.hazelcast;

import dev.realtime.Message;
import dev.realtime.spi.Envelope;
import dev.realtime.spi.Target;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Proves that this node's registrations deliver: after each (re)connection the node publishes a
 * probe to every shard topic it listens to and declares itself ready only when each came back.
 *
 * <p>A probe is an ordinary envelope from this node to a connection target whose routing key,
 * {@code node:<nodeId>/probe-<n>}, falls in the probed shard. No node is interested in such a key
 * ({@code /} cannot occur in a node id), so other nodes drop probes silently; this node recognizes
 * its own before dropping them as echoes.
 */
final class Probes {
  private static final String EVENT = "realtime-probe";

  private final String nodeId;
  private final String prefix;
  private final Shards shards;
  private final String[] names;
  private final Runnable whenProven;
  private final Set<Integer> missing = ConcurrentHashMap.newKeySet();
  private volatile String round = "";

  /**
   * @param whenProven run (on a Hazelcast event thread) when the last missing probe of a round
   *     arrives
   */
  Probes(String nodeId, Shards shards, Runnable whenProven) {
    this.nodeId = nodeId;
    this.whenProven = whenProven;
    this.prefix = nodeId + "/probe-";
    this.shards = shards;
    this.names = new String[shards.count()];
    int found = 0;
    for (int n = 0; found < names.length; n++) {
      int shard = shards.of(Target.nodeKey(prefix + n));
      if (names[shard] == null) {
        names[shard] = prefix + n + ":0";
        found++;
      }
    }
  }

  /** Starts a round: these shards must each return a probe tagged {@code round}. */
  void begin(String round, Collection<Integer> shardsToProve) {
    this.round = round;
    missing.clear();
    missing.addAll(shardsToProve);
  }

  /** Shards whose probe has not come back in this round. */
  Set<Integer> missing() {
    return missing;
  }

  /** The probe for a shard in the current round. */
  Envelope probe(int shard) {
    return Envelope.of(
        nodeId,
        Target.connection(names[shard]),
        Message.builder().event(EVENT).data(round).build());
  }

  /**
   * Called by the receiver for each of this node's own envelopes.
   *
   * @return whether it was a probe (which is then consumed)
   */
  boolean arrived(Envelope envelope) {
    Target target = envelope.target();
    if (target.kind() != Target.Kind.CONNECTION || !target.name().startsWith(prefix)) {
      return false;
    }
    if (envelope.message().dataAsString().equals(round)
        && missing.remove(shards.of(target.routingKey()))
        && missing.isEmpty()) {
      whenProven.run();
    }
    return true;
  }
}
