package dev.realtime.backplane.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.tck.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Batched flushes on a real connection: nothing leaves before the flush, everything after it. */
class FlushCoalescerIT {
  private RedisServer redis;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private final Queue<Runnable> tasks = new ArrayDeque<>();

  @BeforeEach
  void connect() {
    redis = RedisServer.start();
    client = RedisClient.create(redis.uri());
    connection = client.connect();
  }

  @AfterEach
  void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    redis.close();
  }

  @Test
  void aBurstOfCommandsSchedulesOneFlushThatSendsThemAllInOrder() throws Exception {
    FlushCoalescer flusher = new FlushCoalescer(connection, tasks::add);
    List<RedisFuture<Long>> replies = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      replies.add(connection.async().incr("counter"));
      flusher.commandIssued();
    }

    assertThat(tasks).hasSize(1); // one flush for the whole burst
    assertThat(replies.get(0).await(200, TimeUnit.MILLISECONDS)).isFalse(); // not sent yet

    tasks.poll().run();
    for (int i = 0; i < 100; i++) {
      assertThat(replies.get(i).get(5, TimeUnit.SECONDS)).isEqualTo(i + 1L);
    }

    // The next command after a flush schedules the next flush.
    RedisFuture<Long> next = connection.async().incr("counter");
    flusher.commandIssued();
    assertThat(tasks).hasSize(1);
    tasks.poll().run();
    assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo(101L);
  }

  @Test
  void aRejectingExecutorFlushesInlineSoNoCommandIsStranded() throws Exception {
    FlushCoalescer flusher =
        new FlushCoalescer(
            connection,
            task -> {
              throw new RejectedExecutionException("shutting down");
            });
    RedisFuture<String> reply = connection.async().set("k", "v");
    flusher.commandIssued();
    assertThat(reply.get(5, TimeUnit.SECONDS)).isEqualTo("OK");
  }
}
