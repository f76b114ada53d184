package dev.realtime.servlet;

/**
 * Thrown by a {@link ConnectionRequestResolver} to refuse a client before it takes a slot, e.g.
 * {@code 401} when it is not signed in or {@code 403} when it may not see the resource. The SSE
 * servlet answers with the status and a JSON body {@code {"error":"<message>"}}.
 */
public final class RequestRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;

  /**
   * Creates the exception.
   *
   * @param status the HTTP status to answer, 400-599
   * @param message the reason, sent to the client; must not reveal secrets
   * @throws IllegalArgumentException when the status is not an error status
   */
  public RequestRejectedException(int status, String message) {
    super(message, null, false, false);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be between 400 and 599, was " + status);
    }
    this.status = status;
  }

  /**
   * The HTTP status the servlet answers with.
   *
   * @return 400-599
   */
  public int status() {
    return status;
  }
}
