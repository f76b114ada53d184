package dev.realtime.backplane.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ErrorsTest {
  @Test
  void describesTheCauseWithoutCredentials() {
    Throwable e =
        new CompletionException(
            new RedisConnectionException(
                "Unable to connect to [redis://admin:*****@10.0.0.1:6379]",
                new RuntimeException("Connection refused")));
    assertThat(Errors.describe(e))
        .isEqualTo("Unable to connect to [redis://10.0.0.1:6379] (Connection refused)");
  }

  @Test
  void recognisesAFullRequestQueue() {
    assertThat(
            Errors.isQueueFull(
                new RedisException(
                    "Request queue size exceeded: 10. Commands are not accepted until the queue"
                        + " size drops.")))
        .isTrue();
    assertThat(Errors.isQueueFull(new RedisException("Connection closed"))).isFalse();
  }
}
