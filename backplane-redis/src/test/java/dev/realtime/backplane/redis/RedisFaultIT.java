package dev.realtime.backplane.redis;

import static dev.realtime.backplane.redis.Hubs.MSG;
import static dev.realtime.backplane.redis.Hubs.awaitRoute;
import static dev.realtime.backplane.redis.Hubs.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.Delivery;
import dev.realtime.DeliveryException;
import dev.realtime.Message;
import dev.realtime.spi.BackplaneState;
import dev.realtime.spi.Envelope;
import dev.realtime.spi.EnvelopeCodec;
import dev.realtime.spi.Target;
import dev.realtime.tck.RecordingOutlet;
import dev.realtime.tck.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hurts a real {@code redis-server} under two hubs: {@code kill -9} and restart, {@code CLIENT
 * KILL} of the subscribers, {@code CLIENT PAUSE}, and garbage on a subscribed channel.
 */
class RedisFaultIT {
  private static final String GAP = Hubs.config().gapEvent();

  private RedisServer server;
  private final Hubs hubs = new Hubs();
  private Hubs.Node a;
  private Hubs.Node b;
  private RecordingOutlet onA;
  private RecordingOutlet onB;

  @BeforeEach
  void start() {
    server = RedisServer.start();
    a = hubs.start("a", backplane());
    b = hubs.start("b", backplane());
    onA = a.member("ua", "lobby");
    onB = b.member("ub", "lobby");
    awaitRoute(a.hub(), "lobby", onB);
    awaitRoute(b.hub(), "lobby", onA);
  }

  private RedisBackplane backplane() {
    return RedisBackplane.builder()
        .uri(server.uri())
        .probeInterval(Duration.ofMillis(300))
        .probeTimeout(Duration.ofMillis(700))
        .commandTimeout(Duration.ofSeconds(1))
        .connectTimeout(Duration.ofSeconds(1))
        .maxReconnectDelay(Duration.ofMillis(300))
        .build();
  }

  @AfterEach
  void stop() {
    try {
      hubs.close();
    } finally {
      server.close();
    }
  }

  @Test
  void killedServerFailsRemotePublishFastAndRestartResumesDelivery() {
    for (int i = 0; i < 20; i++) {
      a.hub().broadcast("lobby", Message.of(MSG, "before-" + i));
    }
    eventually().until(() -> onB.count(MSG) == 20);

    server.kill9();
    long start = System.nanoTime();
    CompletableFuture<Delivery> during =
        a.hub().broadcast("lobby", Message.of(MSG, "during")).toCompletableFuture();

    // Local members still get it; the remote part fails within a second or two, not after a retry.
    assertThat(during).failsWithin(Duration.ofSeconds(2));
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
    assertThat(during.handle((d, e) -> e.getCause()).join())
        .isInstanceOf(DeliveryException.class)
        .satisfies(e -> assertThat(((DeliveryException) e).localRecipients()).isEqualTo(1));
    eventually().until(() -> onA.contains(MSG, "during")); // drained by the hub's own threads
    eventually().until(() -> a.state() == BackplaneState.DOWN && b.state() == BackplaneState.DOWN);
    assertThat(a.hub().backplaneHealth().isUp()).isFalse();
    assertThat(a.hub().backplaneHealth().detail()).contains("127.0.0.1:" + server.port());
    assertThat(b.hub().broadcast("lobby", Message.of(MSG, "local-only")).toCompletableFuture())
        .failsWithin(Duration.ofSeconds(2));
    eventually().until(() -> onB.contains(MSG, "local-only"));

    server.restart();

    // Nobody joins again: the backplanes resubscribe by themselves.
    eventually().until(() -> a.state() == BackplaneState.RECOVERED);
    eventually().until(() -> b.state() == BackplaneState.RECOVERED);
    eventually().until(() -> onA.count(GAP) == 1 && onB.count(GAP) == 1);
    assertThat(a.states()).containsExactly(BackplaneState.DOWN, BackplaneState.RECOVERED);
    assertThat(a.hub().broadcast("lobby", Message.of(MSG, "after")).toCompletableFuture())
        .succeedsWithin(Duration.ofSeconds(5))
        .isEqualTo(new Delivery(1, true));
    eventually().until(() -> onB.contains(MSG, "after"));
    assertThat(onB.data(MSG)).doesNotContain("during").endsWith("local-only", "after");
  }

  @Test
  void killedSubscriberConnectionsAreResubscribedWithoutRestartingTheHub() {
    String killed = server.cli("CLIENT", "KILL", "TYPE", "pubsub").trim();
    assertThat(Integer.parseInt(killed)).isEqualTo(2); // one subscriber per hub

    eventually().until(() -> a.states().contains(BackplaneState.RECOVERED));
    eventually().until(() -> b.states().contains(BackplaneState.RECOVERED));
    assertThat(b.states()).startsWith(BackplaneState.DOWN);
    eventually().until(() -> onB.count(GAP) == 1);

    a.hub().broadcast("lobby", Message.of(MSG, "after-kill"));
    eventually().until(() -> onB.contains(MSG, "after-kill"));
    b.hub().broadcast("lobby", Message.of(MSG, "back"));
    eventually().until(() -> onA.contains(MSG, "back"));
  }

  @Test
  void pausedServerTripsTheProbeAndIsReportedThenRecovers() {
    server.cli("CLIENT", "PAUSE", "2500", "ALL");

    eventually().until(() -> b.state() == BackplaneState.DOWN);
    assertThat(b.hub().backplaneHealth().detail()).contains("probe");

    eventually().until(() -> b.state() == BackplaneState.RECOVERED);
    eventually().until(() -> a.state() != BackplaneState.DOWN);
    eventually().until(() -> onB.count(GAP) >= 1);
    awaitRoute(a.hub(), "lobby", onB);
    a.hub().broadcast("lobby", Message.of(MSG, "after-pause"));
    eventually().until(() -> onB.contains(MSG, "after-pause"));
  }

  @Test
  void garbageOnASubscribedChannelIsCountedAndDropped() {
    String channel = "realtime:" + Target.roomKey("lobby");
    server.cli("PUBLISH", channel, "not an envelope");
    byte[] wrongRoom =
        EnvelopeCodec.encode(Envelope.of("x", Target.room("elsewhere"), Message.of(MSG, "hi")));
    publishBytes(channel, wrongRoom);
    byte[] truncated = new byte[] {EnvelopeCodec.MAGIC, EnvelopeCodec.VERSION, 0, 5};
    publishBytes(channel, truncated);

    eventually().until(() -> b.dropped("malformed") == 3.0 && a.dropped("malformed") == 3.0);

    a.hub().broadcast("lobby", Message.of(MSG, "still-working"));
    eventually().until(() -> onB.contains(MSG, "still-working"));
    assertThat(onB.data(MSG)).containsExactly("still-working");
    assertThat(b.states()).isEmpty(); // garbage is not an outage
  }

  private void publishBytes(String channel, byte[] payload) {
    server.publish(channel.getBytes(StandardCharsets.UTF_8), payload);
  }
}
