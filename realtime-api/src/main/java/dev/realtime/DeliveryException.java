package dev.realtime;

/**
 * Completes a broadcast's stage when the remote part failed (the backplane is down or refused the
 * message). Local delivery has already happened: {@link #localRecipients()} says to how many.
 */
public final class DeliveryException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int localRecipients;

  /**
   * Creates the exception.
   *
   * @param message what failed
   * @param cause the backplane's error
   * @param localRecipients local connections the message was still queued for
   */
  public DeliveryException(String message, Throwable cause, int localRecipients) {
    super(message, cause);
    this.localRecipients = localRecipients;
  }

  /**
   * @return local connections the message was queued for despite the failure
   */
  public int localRecipients() {
    return localRecipients;
  }
}
