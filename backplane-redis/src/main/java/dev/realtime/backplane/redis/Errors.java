package dev.realtime.backplane.redis;

import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;

/** Short descriptions of Lettuce's failures for health details and log lines. */
final class Errors {
  private static final Pattern CREDENTIALS = Pattern.compile("://[^@/\\s]*@");

  private Errors() {}

  /** The message of the error (unwrapped from a completion) and of its cause. */
  static String describe(Throwable error) {
    Throwable e = error;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e.getCause() != null && e.getCause().getMessage() != null) {
      message = message + " (" + e.getCause().getMessage() + ")";
    }
    // Lettuce masks passwords in the URIs it names but keeps user names; drop both.
    return CREDENTIALS.matcher(message).replaceAll("://");
  }

  /** Lettuce's rejection when the bounded request queue is full: busy, not broken. */
  static boolean isQueueFull(Throwable error) {
    String message = describe(error);
    return message.contains("queue size exceeded") || message.contains("stack size exceeded");
  }
}
