package dev.realtime.backplane.hazelcast;

import static org.awaitility.Awaitility.await;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.MessageListener;
import dev.realtime.Message;
import dev.realtime.spi.Envelope;
import dev.realtime.spi.EnvelopeCodec;
import dev.realtime.spi.Target;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Measures one topic per routing key against hashed shard topics at 10,000 rooms, with raw
 * Hazelcast calls shaped like the backplane's: byte[] envelopes from {@link EnvelopeCodec}, one
 * listener per topic, receivers that decode and drop keys they do not want. Not part of the build
 * (the name matches neither Surefire's nor Failsafe's patterns); run it with
 *
 * <pre>
 * ./mvnw -B -pl backplane-hazelcast test -Dtest=TopicLayoutMeasurement \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * and copy the printed table into the module README. Each case gets a fresh two-member cluster (271
 * partitions, Hazelcast's default) in this JVM; the publishing and the subscribing node are either
 * those two members or two clients of them.
 */
class TopicLayoutMeasurement {
  private static final int ROOMS = 10_000;
  private static final int PARTIAL = 100;
  private static final int LATENCY_SAMPLES = 2_000;
  private static final byte[] DATA = new byte[100];

  /** How routing keys map to topic names. */
  private record Layout(String name, Function<String, String> topicOf) {}

  @Test
  void measure() throws InterruptedException {
    List<Layout> layouts = new ArrayList<>();
    layouts.add(new Layout("topic per room", k -> "layout.key." + k));
    for (int n : new int[] {64, 256, 1024}) {
      Shards shards = new Shards("layout.s" + n + ".", n);
      layouts.add(new Layout(n + " shard topics", k -> shards.topic(shards.of(k))));
    }
    String nodes = System.getProperty("measure.nodes", "members,clients");
    List<String> rows = new ArrayList<>();
    for (boolean clients : new boolean[] {false, true}) {
      if (!nodes.contains(clients ? "clients" : "members")) {
        continue;
      }
      for (Layout layout : layouts) {
        rows.add(run(layout, clients));
        System.out.println(rows.get(rows.size() - 1));
      }
    }
    System.out.println();
    System.out.println(
        "| nodes | layout | subscribe 10k rooms | topics per member | registrations per member"
            + " | heap added (JVM) | publisher proxies | 10k publishes delivered | latency p50 / p99"
            + " | delivered when 100 rooms wanted | unsubscribe all | destroy topics |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
    rows.forEach(System.out::println);
    System.out.println();
    System.out.println(
        "machine: "
            + Runtime.getRuntime().availableProcessors()
            + " cores, JDK "
            + System.getProperty("java.version"));
  }

  private String run(Layout layout, boolean clients) throws InterruptedException {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < ROOMS; i++) {
      keys.add(Target.roomKey("r-" + i));
    }
    try (TestCluster cluster =
        new TestCluster(2, c -> c.setProperty("hazelcast.partition.count", "271")).start()) {
      HazelcastInstance pub = clients ? client(cluster) : cluster.member(0);
      HazelcastInstance sub = clients ? client(cluster) : cluster.member(1);
      try {
        return measure(layout, clients, keys, cluster.member(0), pub, sub);
      } finally {
        if (clients) {
          pub.shutdown();
          sub.shutdown();
        }
      }
    }
  }

  private String measure(
      Layout layout,
      boolean clients,
      List<String> keys,
      HazelcastInstance member,
      HazelcastInstance pub,
      HazelcastInstance sub)
      throws InterruptedException {
    Counting counting = new Counting();
    long heapBefore = usedHeap();

    long t0 = System.nanoTime();
    Map<String, UUID> subscribed = subscribe(sub, layout, keys, counting);
    long subscribeMs = millisSince(t0);
    long heapAdded = usedHeap() - heapBefore;
    long topics = Internals.topics(member, "layout.");
    long registrations = Internals.registrations(member, subscribed.keySet());

    t0 = System.nanoTime();
    Map<String, ITopic<Object>> out = new HashMap<>();
    for (String k : keys) {
      out.computeIfAbsent(layout.topicOf().apply(k), pub::getTopic);
    }
    long proxiesMs = millisSince(t0);
    Map<String, byte[]> payloads = new HashMap<>();
    for (String k : keys) {
      payloads.put(k, envelope(k));
    }

    // Throughput: one message per room, as fast as the publisher takes them.
    counting.reset(keys.size());
    t0 = System.nanoTime();
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    for (String k : keys) {
      acks.add(publish(out.get(layout.topicOf().apply(k)), payloads.get(k)));
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture<?>[]::new)).join();
    await().atMost(Duration.ofMinutes(2)).until(() -> counting.handed.get() >= keys.size());
    long throughputMs = millisSince(t0);

    // Latency: one message at a time, publish call to listener.
    long[] latencies = new long[LATENCY_SAMPLES];
    for (int i = 0; i < LATENCY_SAMPLES; i++) {
      String k = keys.get(i * 7 % keys.size());
      counting.arrivals.drainPermits();
      long start = System.nanoTime();
      publish(out.get(layout.topicOf().apply(k)), payloads.get(k));
      if (!counting.arrivals.tryAcquire(10, TimeUnit.SECONDS)) {
        throw new AssertionError("a message did not arrive within 10 s");
      }
      latencies[i] = counting.lastAt - start;
    }
    Arrays.sort(latencies);

    long t1 = System.nanoTime();
    unsubscribe(sub, subscribed);
    long unsubscribeMs = millisSince(t1);

    // Partial interest: the subscriber wants 100 rooms; count what crosses the network to it.
    List<String> few = keys.subList(0, PARTIAL);
    Map<String, UUID> fewSubscribed = subscribe(sub, layout, few, counting);
    long expected =
        keys.stream().filter(k -> fewSubscribed.containsKey(layout.topicOf().apply(k))).count();
    counting.reset(few.size());
    for (String k : keys) {
      publish(out.get(layout.topicOf().apply(k)), payloads.get(k));
    }
    await().atMost(Duration.ofMinutes(1)).until(() -> counting.delivered.get() >= expected);
    long delivered = counting.delivered.get();

    unsubscribe(sub, fewSubscribed);
    t0 = System.nanoTime();
    for (String topic : out.keySet()) {
      sub.getTopic(topic).destroy();
    }
    long destroyMs = millisSince(t0);

    return String.format(
        "| %s | %s | %,d ms | %,d | %,d | %.1f MB | %,d ms | %,d ms (%,d/s) | %.2f / %.2f ms"
            + " | %,d (%,d wanted) | %,d ms | %,d ms |",
        clients ? "2 clients" : "2 members",
        layout.name(),
        subscribeMs,
        topics,
        registrations,
        heapAdded / 1e6,
        proxiesMs,
        throughputMs,
        keys.size() * 1000L / Math.max(1, throughputMs),
        latencies[LATENCY_SAMPLES / 2] / 1e6,
        latencies[LATENCY_SAMPLES * 99 / 100] / 1e6,
        delivered,
        PARTIAL,
        unsubscribeMs,
        destroyMs);
  }

  /** One listener per topic that some key maps to, as the backplane registers them. */
  private static Map<String, UUID> subscribe(
      HazelcastInstance hz, Layout layout, List<String> keys, Counting listener) {
    listener.wanted.clear();
    listener.wanted.addAll(keys);
    Map<String, UUID> ids = new LinkedHashMap<>();
    for (String k : keys) {
      String topic = layout.topicOf().apply(k);
      if (!ids.containsKey(topic)) {
        ITopic<Object> t = hz.getTopic(topic);
        ids.put(topic, t.addMessageListener(listener));
      }
    }
    return ids;
  }

  private static void unsubscribe(HazelcastInstance hz, Map<String, UUID> ids) {
    ids.forEach((topic, id) -> hz.getTopic(topic).removeMessageListener(id));
  }

  private static CompletableFuture<Void> publish(ITopic<Object> topic, byte[] payload) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    topic
        .publishAsync(payload)
        .whenCompleteAsync(
            (ok, e) -> {
              if (e == null) {
                done.complete(null);
              } else {
                done.completeExceptionally(e);
              }
            },
            Runnable::run);
    return done;
  }

  private static byte[] envelope(String key) {
    String room = key.substring("room:".length());
    return EnvelopeCodec.encode(
        Envelope.of("publisher", Target.room(room), Message.builder().data(DATA).build()));
  }

  private static HazelcastInstance client(TestCluster cluster) {
    ClientConfig c = new ClientConfig();
    c.setClusterName(cluster.name());
    c.getNetworkConfig().setAddresses(cluster.addresses());
    TestCluster.tune(c);
    return HazelcastClient.newHazelcastClient(c);
  }

  /** Used heap once full collections stop freeing more than 100 KB. */
  private static long usedHeap() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 20; i++) {
      System.gc();
      long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      if (used - now < 100_000) {
        return Math.min(used, now);
      }
      used = now;
    }
    return used;
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** Decodes every message like the backplane's receiver and counts those for wanted keys. */
  private static final class Counting implements MessageListener<Object> {
    final Set<String> wanted = ConcurrentHashMap.newKeySet();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong handed = new AtomicLong();
    final Semaphore arrivals = new Semaphore(0);
    volatile long lastAt;

    void reset(int expected) {
      delivered.set(0);
      handed.set(0);
    }

    @Override
    public void onMessage(com.hazelcast.topic.Message<Object> message) {
      delivered.incrementAndGet();
      Envelope e = EnvelopeCodec.decode((byte[]) message.getMessageObject());
      if (wanted.contains(e.target().routingKey())) {
        lastAt = System.nanoTime();
        handed.incrementAndGet();
        arrivals.release();
      }
    }
  }
}
