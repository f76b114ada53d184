package dev.realtime.backplane.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InterestTest {
  private final Interest interest = new Interest();

  @Test
  void drainBatchesChangesAndCancelsFlipsInBetween() {
    interest.set("room:a", true);
    interest.set("room:b", true);
    interest.set("room:c", true);
    interest.set("room:c", false); // on and off before the worker looked: nothing to send

    Interest.Changes first = interest.drain();
    assertThat(first.subscribe()).containsExactlyInAnyOrder("room:a", "room:b");
    assertThat(first.unsubscribe()).isEmpty();
    assertThat(interest.drain().isEmpty()).isTrue();

    interest.set("room:a", false);
    interest.set("room:b", false);
    interest.set("room:b", true); // still subscribed: nothing to send for b
    Interest.Changes second = interest.drain();
    assertThat(second.subscribe()).isEmpty();
    assertThat(second.unsubscribe()).containsExactly("room:a");
  }

  @Test
  void wishesAreVisibleAtOnceForTheReceiver() {
    interest.set("room:a", true);
    assertThat(interest.wants("room:a")).isTrue();
    interest.set("room:a", false);
    assertThat(interest.wants("room:a")).isFalse();
  }

  @Test
  void requestAllAsksForEveryWantedKeyAndLaterChangesStillDrain() {
    interest.set("room:a", true);
    interest.set("room:b", true);
    interest.drain();

    assertThat(interest.requestAll()).containsExactlyInAnyOrder("room:a", "room:b");
    interest.set("room:b", false);
    assertThat(interest.drain().unsubscribe()).containsExactly("room:b");
  }

  @Test
  void failedSubscribesAreRetriedByTheNextDrain() {
    interest.set("room:a", true);
    List<String> sent = interest.drain().subscribe();
    interest.retry(sent);
    assertThat(interest.drain().subscribe()).containsExactly("room:a");
  }

  @Test
  void confirmationsAreTrackedAndForgottenWhenTheConnectionDrops() {
    interest.set("room:a", true);
    interest.set("room:b", true);
    interest.confirmed("room:a");
    assertThat(interest.unconfirmed(List.of("room:a", "room:b"))).containsExactly("room:b");
    assertThat(interest.confirmedCount()).isEqualTo(1);

    interest.connectionLost();
    assertThat(interest.unconfirmed(List.of("room:a", "room:b")))
        .containsExactly("room:a", "room:b");
    interest.set("room:b", false);
    assertThat(interest.unconfirmed(List.of("room:a", "room:b"))).containsExactly("room:a");
  }
}
