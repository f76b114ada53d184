package dev.realtime.spring;

import static org.assertj.core.api.Assertions.assertThat;

/** Finds the integration's own start-up exception in a failure's cause chain. */
final class Failures {
  private Failures() {}

  static Throwable realtime(Throwable failure) {
    assertThat(failure).as("start-up failure").isNotNull();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RealtimeConfigurationException) {
        return t;
      }
    }
    throw new AssertionError(
        "no RealtimeConfigurationException in the causes of " + failure, failure);
  }
}
