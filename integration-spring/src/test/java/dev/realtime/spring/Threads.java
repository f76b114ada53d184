package dev.realtime.spring;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

/** Live threads, to check that a closed context left none of its own behind. */
final class Threads {
  private Threads() {}

  /** Names of live threads that contain {@code fragment}. */
  static List<String> containing(String fragment) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.contains(fragment))
        .toList();
  }

  /** Waits until no live thread name contains {@code fragment}; fails after 10 s. */
  static void awaitNone(String fragment) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> org.assertj.core.api.Assertions.assertThat(containing(fragment)).isEmpty());
  }
}
