package dev.realtime.tck;

import dev.realtime.Delivery;
import dev.realtime.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.awaitility.core.ConditionFactory;

/**
 * Waits for routes between nodes without sleeping. Interest changes reach a real backplane
 * asynchronously, so a test first sends probes until every receiver has seen one, then a fence. The
 * fence relies on order per publisher and target: once it arrived, no earlier probe is still in
 * flight, so later counts start clean.
 */
final class Probes {
  static final String PROBE = "tck-probe";
  static final String FENCE = "tck-fence";
  private static final AtomicLong SEQUENCE = new AtomicLong();

  /**
   * One way to reach some receivers, e.g. a broadcast from node A to a room.
   *
   * @param send publishes a message along the route
   * @param receivers the outlets that must receive what is sent
   */
  record Route(Function<Message, CompletionStage<Delivery>> send, List<RecordingOutlet> receivers) {
    Route {
      receivers = List.copyOf(receivers);
    }

    boolean reached(String event, String data) {
      for (RecordingOutlet o : receivers) {
        if (!o.contains(event, data)) {
          return false;
        }
      }
      return true;
    }
  }

  private Probes() {}

  /** Probes every route until each receiver saw a probe, then fences them all. */
  static void awaitRoutes(ConditionFactory wait, List<Route> routes) {
    String tag = "route-" + SEQUENCE.incrementAndGet() + "-";
    Set<Integer> pending = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < routes.size(); i++) {
      pending.add(i);
    }
    // Many routes: probe less often, so a slow subscriber is not flooded while it catches up.
    Duration interval = Duration.ofMillis(routes.size() > 100 ? 250 : 20);
    wait.pollInterval(interval)
        .alias("a probe to reach every receiver of " + routes.size() + " route(s)")
        .until(
            () -> {
              pending.removeIf(i -> routes.get(i).reached(PROBE, tag + i));
              for (int i : pending) {
                // A probe that fails (e.g. while the backplane reconnects) is simply sent again.
                routes.get(i).send().apply(Message.of(PROBE, tag + i));
              }
              return pending.isEmpty();
            });
    fence(wait, routes);
  }

  /**
   * Sends one fence along each route and waits until every receiver has it; whatever was sent along
   * a route before its fence has arrived by then.
   */
  static void fence(ConditionFactory wait, List<Route> routes) {
    String tag = "fence-" + SEQUENCE.incrementAndGet() + "-";
    List<CompletableFuture<Delivery>> stages = new ArrayList<>();
    for (int i = 0; i < routes.size(); i++) {
      stages.add(routes.get(i).send().apply(Message.of(FENCE, tag + i)).toCompletableFuture());
    }
    wait.alias("a fence to reach every receiver of " + routes.size() + " route(s)")
        .until(
            () -> {
              for (CompletableFuture<Delivery> s : stages) {
                if (s.isCompletedExceptionally()) {
                  s.join(); // fails the wait with the backplane's error
                }
              }
              for (int i = 0; i < routes.size(); i++) {
                if (!routes.get(i).reached(FENCE, tag + i)) {
                  return false;
                }
              }
              return true;
            });
  }
}
