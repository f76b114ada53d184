package dev.realtime.tck;

import dev.realtime.spi.Backplane;
import dev.realtime.spi.BackplaneHealth;
import dev.realtime.spi.BackplaneListener;
import dev.realtime.spi.BackplaneState;
import dev.realtime.spi.Envelope;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Passes everything through to the backplane under test and counts, per routing key, the envelopes
 * it hands to its hub, before the hub sees them. The hub's own {@code realtime.messages.received}
 * counter moves only after local delivery, so a test that just saw a message arrive could read it
 * one short; these counts are already up to date by then.
 */
final class TappedBackplane implements Backplane {
  private final Backplane inner;
  private final ConcurrentHashMap<String, LongAdder> received = new ConcurrentHashMap<>();
  private final LongAdder echoes = new LongAdder();
  private volatile String nodeId = "";

  TappedBackplane(Backplane inner) {
    this.inner = inner;
  }

  /** Envelopes for this routing key handed to the hub so far. */
  long received(String routingKey) {
    LongAdder n = received.get(routingKey);
    return n == null ? 0 : n.sum();
  }

  /** Envelopes this node published that came back to it, which the SPI forbids. */
  long echoes() {
    return echoes.sum();
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public void start(String nodeId, BackplaneListener listener) {
    this.nodeId = nodeId;
    inner.start(
        nodeId,
        new BackplaneListener() {
          @Override
          public void onEnvelope(Envelope envelope) {
            if (envelope.originNode().equals(TappedBackplane.this.nodeId)) {
              echoes.increment();
            }
            received
                .computeIfAbsent(envelope.target().routingKey(), k -> new LongAdder())
                .increment();
            listener.onEnvelope(envelope);
          }

          @Override
          public void onStateChange(BackplaneState state) {
            listener.onStateChange(state);
          }

          @Override
          public void onMalformed(String detail) {
            listener.onMalformed(detail);
          }
        });
  }

  @Override
  public CompletionStage<Void> publish(Envelope envelope) {
    return inner.publish(envelope);
  }

  @Override
  public void interest(String routingKey, boolean interested) {
    inner.interest(routingKey, interested);
  }

  @Override
  public BackplaneHealth health() {
    return inner.health();
  }

  @Override
  public void close() {
    inner.close();
  }
}
