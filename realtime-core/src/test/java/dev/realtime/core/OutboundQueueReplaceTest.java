package dev.realtime.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.SlowConsumerPolicy;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class OutboundQueueReplaceTest {
  /** A new value replaces the newest queued frame of its key, so the key ends on the new value. */
  @Test
  void aNewValueReplacesTheNewestQueuedFrameOfItsKey() {
    OutboundQueue q = new OutboundQueue(100, SlowConsumerPolicy.LATEST_PER_KEY);
    q.offer(new Frame(new byte[40], "j", true));
    Frame v1 = new Frame(new byte[10], "k", true);
    Frame v2 = new Frame(new byte[70], "k", true);
    Frame v3 = new Frame(new byte[10], "k", true);
    q.offer(v1); // [j, v1] 50
    q.offer(v2); // replacing v1 would be 110: drops j, appends -> [v1, v2] 80
    q.offer(v3); // replaces the first k (v1) -> [v3, v2]
    Frame[] frames = new Frame[8];
    int n = q.poll(frames, new ByteBuffer[8], 8);
    assertThat(frames[n - 1]).as("last frame of key k").isSameAs(v3);
  }
}
