package dev.realtime.examples.clinic;

/**
 * A request the clinic cannot serve for a reason the client should hear: an unknown doctor (404),
 * nobody waiting when the next patient is called (409), bad input (400, 413, 415). The servlets
 * answer it with its status and {@code {"error":"<message>"}}.
 */
final class ClinicException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;

  ClinicException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  static ClinicException unknownDoctor(long id) {
    return new ClinicException(404, "no doctor with id " + id);
  }

  int status() {
    return status;
  }
}
