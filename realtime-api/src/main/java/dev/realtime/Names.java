package dev.realtime;

/** Validation of the names and header-like fields that reach the wire or the registry. */
final class Names {
  static final int MAX_NAME_LENGTH = 255;

  private Names() {}

  /** Room and resource names: 1–255 characters, no ISO control characters. */
  static String requireName(String field, String value) {
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

  /** SSE field values (event name, id): at most 255 characters, no CR, LF or NUL (WHATWG). */
  static String requireFieldValue(String field, String value) {
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
