package dev.realtime;

/**
 * Thrown by {@link Hub#open} when a connection cannot be accepted. The message names the resource
 * and the counts, e.g. {@code Connection limit reached for resource: doctor-123 (100/100)}.
 */
public final class ConnectionRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a connection was refused. */
  public enum Reason {
    /** The resource already holds {@link RealtimeConfig#maxConnectionsPerResource()}. */
    RESOURCE_LIMIT,
    /** The node already holds {@link RealtimeConfig#maxConnections()}. */
    GLOBAL_LIMIT,
    /** The hub is shutting down or closed. */
    SHUTTING_DOWN
  }

  private final Reason reason;
  private final String resource;
  private final int current;
  private final int limit;

  /**
   * Creates the exception.
   *
   * @param reason why
   * @param resource the resource key asked for
   * @param current connections counted against the limit when refused
   * @param limit the limit that was hit (0 for {@link Reason#SHUTTING_DOWN})
   * @param message the human-readable message
   */
  public ConnectionRejectedException(
      Reason reason, String resource, int current, int limit, String message) {
    super(message, null, false, false);
    this.reason = reason;
    this.resource = resource;
    this.current = current;
    this.limit = limit;
  }

  /**
   * @return why the connection was refused
   */
  public Reason reason() {
    return reason;
  }

  /**
   * @return the resource key that was asked for
   */
  public String resource() {
    return resource;
  }

  /**
   * @return connections counted against the limit at the time
   */
  public int current() {
    return current;
  }

  /**
   * @return the limit that was hit
   */
  public int limit() {
    return limit;
  }
}
