package dev.realtime.backplane.local;

import dev.realtime.spi.Backplane;
import dev.realtime.spi.BackplaneHealth;
import dev.realtime.spi.BackplaneListener;
import dev.realtime.spi.BackplaneState;
import dev.realtime.spi.Envelope;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The single-node backplane: there is no other node, so publishing completes at once and nothing
 * ever arrives. The hub's default when no other backplane is chosen or discovered.
 */
public final class LocalBackplane implements Backplane {
  private static final BackplaneHealth HEALTH =
      new BackplaneHealth("local", BackplaneState.UP, "single node");

  /** Creates a single-node backplane. */
  public LocalBackplane() {}

  @Override
  public String name() {
    return "local";
  }

  @Override
  public void start(String nodeId, BackplaneListener listener) {
    // Nothing to connect to: this node is the whole cluster.
  }

  @Override
  public CompletionStage<Void> publish(Envelope envelope) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void interest(String routingKey, boolean interested) {
    // No remote traffic to filter.
  }

  @Override
  public BackplaneHealth health() {
    return HEALTH;
  }

  @Override
  public void close() {
    // Holds no resources.
  }
}
