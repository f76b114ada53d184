package dev.realtime.bench.backplane;

import dev.realtime.Connection;
import dev.realtime.ConnectionRequest;
import dev.realtime.Hub;
import dev.realtime.Message;
import dev.realtime.RealtimeConfig;
import dev.realtime.core.RealtimeHub;
import dev.realtime.spi.Backplane;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletionStage;

/**
 * The library's path: hub A broadcasts to a room, its backplane carries the envelope, hub B queues
 * the frame for its member and a drain thread writes it to the {@link StampOutlet}.
 */
final class HubRoute implements Route {
  static final String ROOM = "bench";

  private final Recorder recorder;
  private final Hub a;
  private final Hub b;
  private final StampOutlet client;
  private final Connection connection;

  /**
   * Builds and starts both hubs (each closes its backplane when it closes).
   *
   * @param backplaneA node A's backplane
   * @param backplaneB node B's backplane, on the same bus as A's
   */
  HubRoute(Backplane backplaneA, Backplane backplaneB, Recorder recorder) {
    this.recorder = recorder;
    // A budget no burst of a max-throughput run fills: this measures the backplane, not the
    // slow-consumer policy (a disconnect would end the run; isClosed() reports it).
    RealtimeConfig config =
        RealtimeConfig.builder().maxQueuedBytesPerConnection(256 * 1024 * 1024).build();
    Hub hubA = null;
    try {
      hubA = hub(config, backplaneA, "bench-a");
      this.a = hubA;
      this.b = hub(config, backplaneB, "bench-b");
    } catch (RuntimeException e) {
      backplaneB.close();
      if (hubA != null) {
        hubA.close();
      } else {
        backplaneA.close();
      }
      throw e;
    }
    this.client = new StampOutlet(recorder);
    this.connection = b.open(ConnectionRequest.builder("bench-client").room(ROOM).build(), client);
  }

  private static Hub hub(RealtimeConfig config, Backplane backplane, String nodeId) {
    return RealtimeHub.builder()
        .config(config)
        .backplane(backplane)
        .meterRegistry(new SimpleMeterRegistry())
        .nodeId(nodeId)
        .build();
  }

  @Override
  public String name() {
    return "library";
  }

  @Override
  public CompletionStage<?> send(String data) {
    return a.broadcast(ROOM, Message.of("tick", data));
  }

  @Override
  public void stopReceiving() {
    b.leave(connection, ROOM); // hub B drops its interest, its backplane unsubscribes
  }

  @Override
  public Recorder recorder() {
    return recorder;
  }

  /** Whether hub B closed its client, e.g. as a slow consumer. */
  boolean clientClosed() {
    return client.isClosed();
  }

  @Override
  public void close() {
    try {
      b.close();
    } finally {
      a.close();
    }
  }
}
