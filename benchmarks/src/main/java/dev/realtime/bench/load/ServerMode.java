package dev.realtime.bench.load;

import java.util.Arrays;
import java.util.Locale;

/** The SSE servers the load tool compares, each run in its own child JVM on embedded Jetty 12. */
public enum ServerMode {
  /** Jetty holding async requests that do nothing: the container's own cost per connection. */
  BARE,
  /** {@code RealtimeSseServlet} on a hub with the local backplane. */
  OURS,
  /**
   * The hand-rolled design of the field guides: a {@code ConcurrentHashMap<String,
   * CopyOnWriteArrayList<AsyncContext>>} and, per broadcast, encode + write + flush to each
   * subscriber in the broadcasting thread.
   */
  BASELINE;

  /** The lower-case name used on the command line and in reports. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static ServerMode parse(String field, String value) {
    for (ServerMode m : values()) {
      if (m.label().equals(value.toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        field
            + " must be one of "
            + Arrays.stream(values()).map(ServerMode::label).toList()
            + ", was '"
            + value
            + "'");
  }
}
