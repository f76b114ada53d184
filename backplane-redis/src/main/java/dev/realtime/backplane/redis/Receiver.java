package dev.realtime.backplane.redis;

import dev.realtime.spi.BackplaneListener;
import dev.realtime.spi.Envelope;
import dev.realtime.spi.EnvelopeCodec;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Turns what the pub/sub connections hear into hub calls, on Lettuce's I/O threads: decodes
 * envelopes, skips this node's own and keys it no longer wants, reports garbage as malformed (and
 * goes on), and hands probe replies and unexpected subscription changes to the supervisor.
 */
final class Receiver implements RedisLink.Listener {
  private static final System.Logger LOG = System.getLogger(Receiver.class.getName());

  private final String prefix;
  private final String probeChannel;
  private final String nodeId;
  private final Interest interest;
  private final BackplaneListener listener;
  private final LongConsumer probeReply;
  private final Consumer<String> unwanted;
  private final Consumer<String> dropped;

  /**
   * @param probeReply gets the sequence number of each probe that came back
   * @param unwanted gets keys Redis confirmed although they are no longer wanted
   * @param dropped gets wanted keys whose subscription Redis ended
   */
  Receiver(
      String prefix,
      String nodeId,
      Interest interest,
      BackplaneListener listener,
      LongConsumer probeReply,
      Consumer<String> unwanted,
      Consumer<String> dropped) {
    this.prefix = prefix;
    this.probeChannel = Probe.channel(prefix, nodeId);
    this.nodeId = nodeId;
    this.interest = interest;
    this.listener = listener;
    this.probeReply = probeReply;
    this.unwanted = unwanted;
    this.dropped = dropped;
  }

  @Override
  public void message(byte[] channelBytes, byte[] payload) {
    String channel = new String(channelBytes, StandardCharsets.UTF_8);
    if (channel.equals(probeChannel)) {
      long sequence = Probe.sequence(payload);
      if (sequence > 0) {
        probeReply.accept(sequence);
      }
      return;
    }
    String key = key(channel);
    if (key == null || !interest.wants(key)) {
      return; // interest ended while the message was on its way
    }
    Envelope envelope;
    try {
      envelope = EnvelopeCodec.decode(payload);
    } catch (RuntimeException e) {
      malformed(
          "undecodable message ("
              + payload.length
              + " bytes) on channel "
              + channel
              + ": "
              + e.getMessage());
      return;
    }
    if (!envelope.target().routingKey().equals(key)) {
      malformed(
          "envelope for " + envelope.target().routingKey() + " arrived on channel " + channel);
      return;
    }
    if (envelope.originNode().equals(nodeId)) {
      return; // the hub delivered it locally already
    }
    try {
      listener.onEnvelope(envelope);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Hub failed to take an envelope from the Redis backplane", e);
    }
  }

  @Override
  public void subscribed(byte[] channel) {
    String key = key(new String(channel, StandardCharsets.UTF_8));
    if (key == null) {
      return;
    }
    interest.confirmed(key);
    if (!interest.wants(key)) {
      unwanted.accept(key);
    }
  }

  @Override
  public void unsubscribed(byte[] channel) {
    String key = key(new String(channel, StandardCharsets.UTF_8));
    if (key == null) {
      return;
    }
    interest.unconfirmed(key);
    if (interest.wants(key)) {
      dropped.accept(key);
    }
  }

  /** The routing key of a channel, or null for the probe channel and foreign channels. */
  private String key(String channel) {
    if (!channel.startsWith(prefix) || channel.equals(probeChannel)) {
      return null;
    }
    return channel.substring(prefix.length());
  }

  private void malformed(String detail) {
    try {
      listener.onMalformed(detail);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Hub failed to count a malformed message", e);
    }
  }
}
