package dev.realtime.backplane.redis;

import static dev.realtime.backplane.redis.Hubs.MSG;
import static dev.realtime.backplane.redis.Hubs.awaitRoute;
import static dev.realtime.backplane.redis.Hubs.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.Hub;
import dev.realtime.Message;
import dev.realtime.RealtimeConfig;
import dev.realtime.core.RealtimeHub;
import dev.realtime.spi.BackplaneHealth;
import dev.realtime.spi.BackplaneState;
import dev.realtime.tck.RecordingOutlet;
import dev.realtime.tck.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Starting without Redis, discovery from the environment, passwords, and clean shutdown. */
class RedisBackplaneLifecycleIT {
  private final Hubs hubs = new Hubs();
  private RedisServer server;

  @AfterEach
  void stop() {
    try {
      hubs.close();
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  private static RedisBackplane.Builder fast(String uri) {
    return RedisBackplane.builder()
        .uri(uri)
        .probeInterval(Duration.ofMillis(300))
        .maxReconnectDelay(Duration.ofMillis(300));
  }

  @Test
  void startsWhileRedisIsDownAndRecoversWhenItComesUp() {
    server = RedisServer.start();
    server.kill9();

    long start = System.nanoTime();
    Hubs.Node a = hubs.start("a", fast(server.uri()).build());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    Hubs.Node b = hubs.start("b", fast(server.uri()).build());
    RecordingOutlet onB = b.member("ub", "lobby");

    assertThat(a.state()).isEqualTo(BackplaneState.DOWN);
    assertThat(a.hub().backplaneHealth().detail()).contains("cannot connect");
    assertThat(a.hub().broadcast("lobby", Message.of(MSG, "nobody")).toCompletableFuture())
        .failsWithin(Duration.ofSeconds(1));

    server.restart();

    eventually().until(() -> a.state() == BackplaneState.RECOVERED);
    eventually().until(() -> b.state() == BackplaneState.RECOVERED);
    awaitRoute(a.hub(), "lobby", onB);
    a.hub().broadcast("lobby", Message.of(MSG, "hello"));
    eventually().until(() -> onB.contains(MSG, "hello"));
  }

  @Test
  void providerIsFoundThroughTheEnvironment() {
    server = RedisServer.start();
    Map<String, String> env = Map.of("REDIS_URL", server.uri(), "REALTIME_REDIS_PREFIX", "app1:");
    try (Hub chosen = hub(RealtimeConfig.builder().backplane("redis").build(), env);
        Hub discovered = hub(RealtimeConfig.defaults(), env)) {
      assertThat(chosen.stats().backplane()).isEqualTo("redis");
      assertThat(discovered.stats().backplane()).isEqualTo("redis");
      RecordingOutlet member = new RecordingOutlet();
      discovered.open(dev.realtime.ConnectionRequest.builder("u").room("lobby").build(), member);
      awaitRoute(chosen, "lobby", member);
      assertThat(server.cli("PUBSUB", "CHANNELS", "app1:*")).contains("app1:room:lobby");
    }
  }

  private static Hub hub(RealtimeConfig config, Map<String, String> env) {
    return RealtimeHub.builder()
        .config(config)
        .environment(env)
        .meterRegistry(new io.micrometer.core.instrument.simple.SimpleMeterRegistry())
        .build();
  }

  @Test
  void passwordIsUsedButNeverShown() {
    server = RedisServer.start((port, dir) -> List.of("--requirepass", "s3cret-pw"));
    String good = "redis://:s3cret-pw@127.0.0.1:" + server.port();
    String bad = "redis://:wrong-pw@127.0.0.1:" + server.port();

    Hubs.Node ok = hubs.start("ok", fast(good).build());
    Hubs.Node denied = hubs.start("denied", fast(bad).build());

    BackplaneHealth up = ok.hub().backplaneHealth();
    assertThat(up.state()).isEqualTo(BackplaneState.UP);
    assertThat(up.detail()).contains("redis://127.0.0.1:" + server.port()).doesNotContain("s3cret");
    BackplaneHealth down = denied.hub().backplaneHealth();
    assertThat(down.state()).isEqualTo(BackplaneState.DOWN);
    assertThat(down.detail()).doesNotContain("wrong-pw").doesNotContain("s3cret");
  }

  @Test
  void closingReleasesEveryConnectionAndThread() {
    server = RedisServer.start();
    RedisBackplane neverStarted = RedisBackplane.create(server.uri());
    Hubs.Node a = hubs.start("a", fast(server.uri()).build());
    Hubs.Node b = hubs.start("b", fast(server.uri()).build());
    RecordingOutlet onB = b.member("ub", "lobby");
    awaitRoute(a.hub(), "lobby", onB);
    assertThat(threads()).isNotEmpty();
    assertThat(clients()).isEqualTo(4); // a publish and a subscribe connection per hub

    hubs.close();
    neverStarted.close();

    eventually().until(() -> threads().isEmpty());
    eventually().until(() -> clients() == 0);
  }

  /** Threads named by the backplane or by Lettuce. */
  private static List<String> threads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("lettuce-") || n.startsWith("realtime-redis-"))
        .toList();
  }

  /** Client connections of the backplanes (named "realtime"), as Redis sees them. */
  private int clients() {
    return (int)
        server.cli("CLIENT", "LIST").lines().filter(l -> l.contains("name=realtime ")).count();
  }
}
