package dev.realtime.backplane.hazelcast;

import com.hazelcast.topic.Message;
import com.hazelcast.topic.MessageListener;
import dev.realtime.spi.BackplaneListener;
import dev.realtime.spi.Envelope;
import dev.realtime.spi.EnvelopeCodec;
import java.lang.System.Logger.Level;

/**
 * Listens to every shard topic of one node: decodes, takes its own probes, drops its own envelopes
 * and those of keys the node has no interest in (other keys share the shard), and hands the rest to
 * the hub. Anything that is not an envelope is reported as malformed; nothing thrown here reaches
 * Hazelcast, so one bad message never costs the registration.
 */
final class Receiver implements MessageListener<Object> {
  private static final System.Logger LOG = System.getLogger(HazelcastBackplane.class.getName());

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

  @Override
  public void onMessage(Message<Object> message) {
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
      probes.arrived(envelope); // one of this node's probes, or an echo of what it published
      return;
    }
    if (!interest.wants(envelope.target().routingKey())) {
      return; // another key of the same shard
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
