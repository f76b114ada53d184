package dev.realtime.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.SlowConsumerPolicy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The drain claim the outbound queue holds: at most one drain, and no frame left without one. */
class DrainClaimTest {
  private static final Frame FRAME =
      new Frame("data: x\n\n".getBytes(StandardCharsets.UTF_8), null, true);

  /** A gate with a switchable writability that wants another turn only for frames left. */
  private static final class SwitchGate implements OutboundQueue.Gate {
    volatile boolean writable = true;

    @Override
    public boolean writable() {
      return writable;
    }

    @Override
    public boolean anotherTurn(boolean framesLeft) {
      return framesLeft && writable;
    }
  }

  @Test
  void firstOfferClaimsTheDrainAndLaterOffersDoNot() {
    OutboundQueue q = new OutboundQueue(10_000, SlowConsumerPolicy.DISCONNECT);
    SwitchGate gate = new SwitchGate();

    assertThat(q.offer(FRAME, gate)).isEqualTo(OutboundQueue.CLAIMED);
    assertThat(q.offer(FRAME, gate)).isZero();
    assertThat(q.claimDrain()).isFalse();
  }

  @Test
  void endDrainKeepsTheClaimWhileFramesAreLeftAndReleasesItWhenEmpty() {
    OutboundQueue q = new OutboundQueue(10_000, SlowConsumerPolicy.DISCONNECT);
    SwitchGate gate = new SwitchGate();
    q.offer(FRAME, gate);

    assertThat(q.endDrain(gate)).isTrue(); // a frame is left: the drainer runs again
    assertThat(q.offer(FRAME, gate) & OutboundQueue.CLAIMED).isZero();

    q.poll(new Frame[4], new ByteBuffer[4], 4);
    assertThat(q.endDrain(gate)).isFalse();
    assertThat(q.offer(FRAME, gate)).isEqualTo(OutboundQueue.CLAIMED);
  }

  @Test
  void aBlockedOutletReleasesTheClaimAndOnlyTheWritabilityCallbackClaimsAgain() {
    OutboundQueue q = new OutboundQueue(10_000, SlowConsumerPolicy.DISCONNECT);
    SwitchGate gate = new SwitchGate();
    q.offer(FRAME, gate);
    gate.writable = false; // the write came back short

    assertThat(q.endDrain(gate)).isFalse();
    assertThat(q.offer(FRAME, gate) & OutboundQueue.CLAIMED).isZero(); // nobody drains into a wall

    gate.writable = true;
    assertThat(q.claimDrain()).isTrue(); // what onWritable does
    assertThat(q.claimDrain()).isFalse();
  }

  /**
   * Producers offer while a drainer polls and ends its turns. However they interleave, exactly one
   * party holds the claim at a time, and when everyone stops no frame is left unclaimed.
   */
  @Test
  void concurrentProducersAndADrainerNeverDoubleClaimNorStrandAFrame() throws Exception {
    OutboundQueue q = new OutboundQueue(Integer.MAX_VALUE, SlowConsumerPolicy.DISCONNECT);
    SwitchGate gate = new SwitchGate();
    AtomicInteger holders = new AtomicInteger();
    AtomicInteger doubleClaims = new AtomicInteger();
    AtomicInteger drained = new AtomicInteger();
    int producers = 3;
    int perProducer = 20_000;
    AtomicInteger pending = new AtomicInteger(); // claims handed to the drainer, not yet run
    AtomicInteger roles = new AtomicInteger();
    long deadline = System.nanoTime() + 20_000_000_000L;
    Concurrently.run(
        producers + 1,
        () -> {
          if (roles.getAndIncrement() == 0) {
            // the drainer: runs a turn whenever a claim was handed over; a stranded frame (queued
            // with nobody holding the claim) makes it wait until the deadline and fail below
            Frame[] frames = new Frame[64];
            ByteBuffer[] buffers = new ByteBuffer[64];
            while (drained.get() < producers * perProducer && System.nanoTime() < deadline) {
              if (pending.get() == 0) {
                Thread.onSpinWait();
                continue;
              }
              pending.decrementAndGet();
              if (holders.incrementAndGet() > 1) {
                doubleClaims.incrementAndGet();
              }
              drained.addAndGet(q.poll(frames, buffers, 64));
              holders.decrementAndGet();
              if (q.endDrain(gate)) {
                pending.incrementAndGet();
              }
            }
            return;
          }
          for (int i = 0; i < perProducer; i++) {
            if ((q.offer(FRAME, gate) & OutboundQueue.CLAIMED) != 0) {
              pending.incrementAndGet();
            }
          }
        });

    assertThat(drained.get()).isEqualTo(producers * perProducer);
    assertThat(doubleClaims.get()).isZero();
    assertThat(pending.get()).isZero();
    assertThat(q.isEmpty()).isTrue();
    assertThat(q.claimDrain()).isTrue(); // released by the last turn
  }
}
