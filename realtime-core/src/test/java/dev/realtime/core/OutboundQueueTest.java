package dev.realtime.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.SlowConsumerPolicy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {

  /** A frame of exactly {@code size} bytes whose text starts with {@code name}. */
  private static Frame frame(String name, int size) {
    return frame(name, size, null);
  }

  private static Frame frame(String name, int size, String key) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) '.');
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(n, 0, bytes, 0, Math.min(n.length, size));
    return new Frame(bytes, key, true);
  }

  private static String name(Frame f) {
    return new String(f.buffer.array(), StandardCharsets.US_ASCII).replace(".", "");
  }

  /** A DISCONNECT queue of 1000 bytes holding frames f0 to f{count - 1} of 10 bytes each. */
  private static OutboundQueue queueOfTenByteFrames(int count) {
    OutboundQueue q = new OutboundQueue(1000, SlowConsumerPolicy.DISCONNECT);
    for (int i = 0; i < count; i++) {
      q.offer(frame("f" + i, 10));
    }
    return q;
  }

  private static List<String> drainAll(OutboundQueue q) {
    Frame[] frames = new Frame[1000];
    ByteBuffer[] buffers = new ByteBuffer[1000];
    int n = q.poll(frames, buffers, 1000);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      assertThat(buffers[i]).isSameAs(frames[i].buffer);
      names.add(name(frames[i]));
    }
    return names;
  }

  @Test
  void acceptsFramesWithinTheByteBudget() {
    OutboundQueue q = new OutboundQueue(100, SlowConsumerPolicy.DISCONNECT);

    assertThat(q.offer(frame("a", 40))).isZero();
    assertThat(q.offer(frame("b", 60))).isZero();

    assertThat(q.bytes()).isEqualTo(100);
    assertThat(q.isEmpty()).isFalse();
    assertThat(drainAll(q)).containsExactly("a", "b");
    assertThat(q.bytes()).isZero();
    assertThat(q.isEmpty()).isTrue();
  }

  @Test
  void disconnectPolicyRefusesAFrameOverBudget() {
    OutboundQueue q = new OutboundQueue(100, SlowConsumerPolicy.DISCONNECT);
    q.offer(frame("a", 60));

    assertThat(q.offer(frame("b", 41))).isEqualTo(OutboundQueue.OVERFLOW);

    assertThat(q.bytes()).isEqualTo(60);
    assertThat(drainAll(q)).containsExactly("a");
  }

  @Test
  void aFrameLargerThanTheWholeBudgetOverflowsUnderEveryPolicy() {
    for (SlowConsumerPolicy p : SlowConsumerPolicy.values()) {
      OutboundQueue q = new OutboundQueue(100, p);
      assertThat(q.offer(frame("big", 101))).as(p.name()).isEqualTo(OutboundQueue.OVERFLOW);
      assertThat(q.isEmpty()).isTrue();
    }
  }

  @Test
  void dropOldestDiscardsOldestFramesAndReturnsTheCount() {
    OutboundQueue q = new OutboundQueue(100, SlowConsumerPolicy.DROP_OLDEST);
    q.offer(frame("a", 30));
    q.offer(frame("b", 30));
    q.offer(frame("c", 30));

    assertThat(q.offer(frame("d", 50))).isEqualTo(2);

    assertThat(q.bytes()).isEqualTo(80);
    assertThat(drainAll(q)).containsExactly("c", "d");
  }

  @Test
  void dropOldestWithRoomLeftDiscardsNothing() {
    OutboundQueue q = new OutboundQueue(100, SlowConsumerPolicy.DROP_OLDEST);
    q.offer(frame("a", 50));

    assertThat(q.offer(frame("b", 50))).isZero();
    assertThat(drainAll(q)).containsExactly("a", "b");
  }

  @Test
  void latestPerKeyReplacesAQueuedFrameWithTheSameKeyInPlace() {
    OutboundQueue q = new OutboundQueue(1000, SlowConsumerPolicy.LATEST_PER_KEY);
    q.offer(frame("a1", 10, "a"));
    q.offer(frame("b1", 10, "b"));
    q.offer(frame("x", 10));

    assertThat(q.offer(frame("a2", 20, "a"))).isEqualTo(1);

    assertThat(q.bytes()).isEqualTo(40);
    assertThat(drainAll(q)).containsExactly("a2", "b1", "x");
  }

  @Test
  void latestPerKeyAppendsFramesWithoutAKeyOrWithANewKey() {
    OutboundQueue q = new OutboundQueue(1000, SlowConsumerPolicy.LATEST_PER_KEY);
    q.offer(frame("n1", 10));

    assertThat(q.offer(frame("n2", 10))).isZero();
    assertThat(q.offer(frame("k1", 10, "k"))).isZero();
    assertThat(drainAll(q)).containsExactly("n1", "n2", "k1");
  }

  @Test
  void latestPerKeyFallsBackToDroppingOldest() {
    OutboundQueue q = new OutboundQueue(100, SlowConsumerPolicy.LATEST_PER_KEY);
    q.offer(frame("a", 40, "a"));
    q.offer(frame("b", 40, "b"));

    assertThat(q.offer(frame("c", 40, "c"))).isEqualTo(1);

    assertThat(q.bytes()).isEqualTo(80);
    assertThat(drainAll(q)).containsExactly("b", "c");
  }

  @Test
  void pollTakesAtMostMaxFromTheHeadInOrder() {
    OutboundQueue q = queueOfTenByteFrames(5);
    Frame[] frames = new Frame[3];
    ByteBuffer[] buffers = new ByteBuffer[3];

    assertThat(q.poll(frames, buffers, 3)).isEqualTo(3);

    assertThat(Arrays.stream(frames).map(OutboundQueueTest::name))
        .containsExactly("f0", "f1", "f2");
    assertThat(q.bytes()).isEqualTo(20);
    assertThat(drainAll(q)).containsExactly("f3", "f4");
  }

  @Test
  void unpollPutsUntakenFramesBackAheadOfNewerOnes() {
    OutboundQueue q = queueOfTenByteFrames(5);
    Frame[] frames = new Frame[4];
    ByteBuffer[] buffers = new ByteBuffer[4];
    assertThat(q.poll(frames, buffers, 4)).isEqualTo(4);
    q.offer(frame("f5", 10));
    q.offer(frame("f6", 10));

    // The write took f0 only: f1..f3 go back to the head.
    q.unpoll(frames, 1, 4);

    assertThat(q.bytes()).isEqualTo(60);
    assertThat(drainAll(q)).containsExactly("f1", "f2", "f3", "f4", "f5", "f6");
  }

  @Test
  void unpollIntoAnEmptyQueueAfterClear() {
    OutboundQueue q = queueOfTenByteFrames(6);
    Frame[] frames = new Frame[6];
    assertThat(q.poll(frames, new ByteBuffer[6], 6)).isEqualTo(6);
    q.clear();

    q.unpoll(frames, 0, 6);

    assertThat(drainAll(q)).containsExactly("f0", "f1", "f2", "f3", "f4", "f5");
  }

  @Test
  void orderHoldsAcrossRingWrapAroundAndGrowth() {
    OutboundQueue q = new OutboundQueue(100_000, SlowConsumerPolicy.DISCONNECT);
    List<String> expected = new ArrayList<>();
    Frame[] one = new Frame[2];
    ByteBuffer[] oneBuf = new ByteBuffer[2];
    int next = 0;
    List<String> got = new ArrayList<>();
    for (int round = 0; round < 50; round++) {
      for (int i = 0; i < 3; i++) {
        String n = "f" + next++;
        q.offer(frame(n, 8));
        expected.add(n);
      }
      int polled = q.poll(one, oneBuf, 2);
      for (int i = 0; i < polled; i++) {
        got.add(name(one[i]));
      }
    }
    got.addAll(drainAll(q));

    assertThat(got).isEqualTo(expected);
    assertThat(q.bytes()).isZero();
  }

  @Test
  void clearEmptiesTheQueueForGoodAndReturnsHowManyFramesWereDiscarded() {
    OutboundQueue q = new OutboundQueue(1000, SlowConsumerPolicy.DISCONNECT);
    q.offer(frame("a", 10));
    q.offer(frame("b", 10));
    q.offer(frame("c", 10));

    assertThat(q.clear()).isEqualTo(3);

    assertThat(q.isEmpty()).isTrue();
    assertThat(q.bytes()).isZero();
    assertThat(q.clear()).isZero();
    // Clearing is the connection's close: a frame offered afterwards (a broadcast racing the
    // close) is refused so the caller counts it as dropped, and nothing is retained.
    assertThat(q.offer(frame("d", 10))).isEqualTo(OutboundQueue.CLOSED);
    assertThat(q.isEmpty()).isTrue();
    assertThat(q.bytes()).isZero();
  }
}
