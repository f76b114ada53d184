package dev.realtime.spring;

/**
 * Start-up failure caused by the application's configuration: a {@code realtime.*} value out of
 * range, or a backplane chosen without its library. {@link RealtimeFailureAnalyzer} turns it into
 * Boot's "APPLICATION FAILED TO START" report with {@link #action()}.
 */
final class RealtimeConfigurationException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String action;

  RealtimeConfigurationException(String description, String action, Throwable cause) {
    super(description, cause);
    this.action = action;
  }

  /**
   * @return what the user should change
   */
  String action() {
    return action;
  }
}
