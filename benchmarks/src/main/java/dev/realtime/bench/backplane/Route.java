package dev.realtime.bench.backplane;

import java.util.concurrent.CompletionStage;

/**
 * One way of getting a message from node A to a client on node B: the library's hubs over a
 * backplane, or the hand-rolled baseline over the same transport. Node B's client hands every frame
 * it gets to the route's {@link Recorder}.
 */
interface Route extends AutoCloseable {

  /** Short label for reports, e.g. {@code library} or {@code baseline}. */
  String name();

  /**
   * Publishes one message on node A for the client on node B.
   *
   * @param data the stamped data ({@link Recorder#data})
   * @return completes when node A's side accepted the message (for the library: the broadcast's
   *     stage, i.e. the backplane took it; for the synchronous baseline: already complete)
   */
  CompletionStage<?> send(String data);

  /**
   * Takes node B's client off the route (it leaves the room, or node B unsubscribes), so that node
   * A publishes to nobody: what is left is the publishing side alone.
   */
  void stopReceiving();

  /** Where node B's client reports arrivals. */
  Recorder recorder();

  /** Releases both nodes' threads and connections. */
  @Override
  void close();
}
