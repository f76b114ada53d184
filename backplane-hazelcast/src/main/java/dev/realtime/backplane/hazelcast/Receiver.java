package dev.realtime.backplane.hazelcast;

import com.hazelcast.topic.Message;
import dev.realtime.spi.BackplaneListener;
import dev.realtime.spi.Envelope;
import dev.realtime.spi.EnvelopeCodec;
import java.lang.System.Logger.Level;

/**
 * Handles what the shard listeners of one node receive: decodes, takes its own probes, drops its
 * own envelopes, those of keys the node has no interest in (other keys share the shard) and those
 * that came through a listener already retired, and hands the rest to the hub. Anything that is not
 * an envelope is reported as malformed; nothing thrown here reaches Hazelcast, so one bad message
 * never costs the registration.
 */
final class Receiver {
  private static final System.Logger LOG = System.getLogger(HazelcastBackplane.class.getName());

  /** The listener a message came through. */
  interface Source {
    /** Whether the listener is still the shard's current one (not retired or replaced). */
    boolean current();
  }

  private final String nodeId;
  private final Interest interest;
  private final Probes probes;
  private final BackplaneListener listener;

  Receiver(String nodeId, Interest interest, Probes probes, BackplaneListener listener) {
    this.nodeId = nodeId;
    this.interest = interest;
    this.probes = probes;
    this.listener = listener;
  }

  void onMessage(Message<Object> message, Source source) {
    String topic = String.valueOf(message.getSource());
    Envelope envelope;
    try {
      // Deserialization is lazy: a foreign object of a class this JVM lacks fails here.
      Object payload = message.getMessageObject();
      if (!(payload instanceof byte[] bytes)) {
        malformed(
            "topic "
                + topic
                + " carried a "
                + (payload == null ? "null" : payload.getClass().getName())
                + ", not an envelope");
        return;
      }
      envelope = EnvelopeCodec.decode(bytes);
    } catch (RuntimeException e) {
      malformed("topic " + topic + ": " + e.getMessage());
      return;
    }
    if (envelope.originNode().equals(nodeId)) {
      if (source.current()) {
        probes.arrived(envelope); // one of this node's probes, or an echo of what it published
      }
      return;
    }
    // Interest first, then the listener: a key wanted since its shard was retired sees the
    // retirement here, so it never gets a message through a listener about to go away.
    if (!interest.wants(envelope.target().routingKey()) || !source.current()) {
      return;
    }
    try {
      listener.onEnvelope(envelope);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "The hub failed to take an envelope from topic " + topic, e);
    }
  }

  private void malformed(String detail) {
    try {
      listener.onMalformed(detail);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "The hub failed to count a malformed message", e);
    }
  }
}
