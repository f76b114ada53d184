package dev.realtime.core;

/** Makes user-supplied strings safe for one log line (no forged lines, no terminal escapes). */
final class LogSafe {
  private static final int MAX = 128;

  private LogSafe() {}

  static String escape(String s) {
    StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX) + 8);
    for (int i = 0; i < s.length() && i < MAX; i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        sb.append("\\\\");
      } else if (Character.isISOControl(c)) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    if (s.length() > MAX) {
      sb.append("...");
    }
    return sb.toString();
  }
}
