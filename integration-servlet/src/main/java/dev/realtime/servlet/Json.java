package dev.realtime.servlet;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A minimal JSON object writer for the few small bodies this module serves (stats, health, errors).
 * Hand-written so the transport pulls in no JSON library the host may already have in another
 * version.
 */
final class Json {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final StringBuilder out = new StringBuilder(128).append('{');
  private boolean empty = true;

  private Json() {}

  /** Starts an empty object. */
  static Json object() {
    return new Json();
  }

  Json field(String name, String value) {
    name(name);
    if (value == null) {
      out.append("null");
    } else {
      quote(value, out);
    }
    return this;
  }

  Json field(String name, long value) {
    name(name).append(value);
    return this;
  }

  Json field(String name, double value) {
    // NaN and infinities have no JSON form.
    if (Double.isFinite(value)) {
      name(name).append(value);
    } else {
      name(name).append("null");
    }
    return this;
  }

  Json field(String name, Json nested) {
    name(name).append(nested);
    return this;
  }

  /** Writes a map of counts as an object, keys sorted so the output is stable. */
  Json field(String name, Map<String, ? extends Number> counts) {
    Json nested = object();
    new TreeMap<>(counts).forEach((k, v) -> nested.field(k, v.longValue()));
    return field(name, nested);
  }

  @Override
  public String toString() {
    return out + "}";
  }

  private StringBuilder name(String name) {
    if (!empty) {
      out.append(',');
    }
    empty = false;
    quote(name, out);
    return out.append(':');
  }

  /** Quotes a string per RFC 8259; returns it for convenience in tests. */
  static String quote(String s) {
    return quote(s, new StringBuilder(s.length() + 2)).toString();
  }

  private static StringBuilder quote(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029' || isLoneSurrogate(s, i)) {
            // U+2028/2029 break JavaScript string literals when JSON is embedded in a page; a
            // lone surrogate cannot be encoded as UTF-8, so it travels as an escape instead.
            unicode(c, sb);
          } else {
            sb.append(c);
          }
          if (Character.isHighSurrogate(c) && !isLoneSurrogate(s, i)) {
            sb.append(s.charAt(++i));
          }
        }
      }
    }
    return sb.append('"');
  }

  private static boolean isLoneSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    // A low surrogate reached here had no high surrogate before it (pairs are copied together).
    return Character.isLowSurrogate(c);
  }

  private static void unicode(char c, StringBuilder sb) {
    sb.append("\\u")
        .append(HEX[c >> 12 & 0xf])
        .append(HEX[c >> 8 & 0xf])
        .append(HEX[c >> 4 & 0xf])
        .append(HEX[c & 0xf]);
  }

  /**
   * Sends {@code body} as the whole response with the given status. Uses the output stream, never
   * the writer, so it also works on a response whose stream was already obtained.
   */
  static void send(HttpServletResponse response, int status, Json body) throws IOException {
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("application/json;charset=UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** The body of every error answer: {@code {"error":"..."}}. */
  static Json error(String message) {
    return object().field("error", message);
  }
}
