package dev.realtime.backplane.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** Splits channel lists into commands of bounded size and joins their results. */
final class Batches {
  /**
   * Channels per SUBSCRIBE/UNSUBSCRIBE command: large enough to amortise, small enough to parse.
   */
  static final int SIZE = 1_000;

  private Batches() {}

  static CompletableFuture<Void> run(
      List<byte[]> channels, Function<byte[][], CompletionStage<?>> command) {
    if (channels.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (int from = 0; from < channels.size(); from += SIZE) {
      List<byte[]> batch = channels.subList(from, Math.min(channels.size(), from + SIZE));
      CompletionStage<?> stage;
      try {
        stage = command.apply(batch.toArray(new byte[0][]));
      } catch (RuntimeException e) {
        stage = CompletableFuture.failedFuture(e);
      }
      all.add(stage.toCompletableFuture());
    }
    return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]));
  }
}
