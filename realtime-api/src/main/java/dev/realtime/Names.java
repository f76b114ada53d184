package dev.realtime;

/**
 * Validation of names and SSE field values, shared by the API types and the engine so every entry
 * point rejects bad input with the same message naming the field and the limit.
 */
public final class Names {
  /** Longest room name, resource key, event name or id, in characters. */
  public static final int MAX_NAME_LENGTH = 255;

  private Names() {}

  /**
   * Checks a room name or resource key: 1-255 characters, no ISO control characters.
   *
   * @param field the field name used in the error message
   * @param value the value
   * @return the value
   * @throws IllegalArgumentException naming the field and the limit
   */
  public static String requireName(String field, String value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    if (value.isEmpty() || value.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          field + " must be 1-" + MAX_NAME_LENGTH + " characters, was " + value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException(
            field
                + " must not contain control characters (found U+"
                + String.format("%04X", (int) value.charAt(i))
                + " at index "
                + i
                + ")");
      }
    }
    return value;
  }

  /**
   * Checks an SSE field value (event name, id): at most 255 characters, no CR, LF or NUL, which
   * would break the framing (WHATWG HTML, server-sent events).
   *
   * @param field the field name used in the error message
   * @param value the value
   * @return the value
   * @throws IllegalArgumentException naming the field and the limit
   */
  public static String requireFieldValue(String field, String value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    if (value.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          field + " must be at most " + MAX_NAME_LENGTH + " characters, was " + value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == '\0') {
        throw new IllegalArgumentException(
            field + " must not contain CR, LF or NUL (found at index " + i + ")");
      }
    }
    return value;
  }
}
