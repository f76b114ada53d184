package dev.realtime.examples.clinic;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes the clinic's small JSON documents (queues, errors, health) without a JSON library: an
 * object built with {@code field} or an array built with {@code add}, rendered by {@link
 * #toString()}.
 */
final class Json {
  private final StringBuilder out = new StringBuilder(64);
  private final boolean array;
  private boolean empty = true;

  private Json(boolean array) {
    this.array = array;
    out.append(array ? '[' : '{');
  }

  /** Starts an empty object. */
  static Json object() {
    return new Json(false);
  }

  /** Starts an empty array. */
  static Json array() {
    return new Json(true);
  }

  /** {@code {"error":"<message>"}}, the body of every error answer. */
  static Json error(String message) {
    return object().field("error", message);
  }

  /** Adds a string member; {@code null} writes JSON {@code null}. */
  Json field(String name, String value) {
    name(name);
    if (value == null) {
      out.append("null");
    } else {
      quote(value);
    }
    return this;
  }

  Json field(String name, long value) {
    name(name).append(value);
    return this;
  }

  Json field(String name, boolean value) {
    name(name).append(value);
    return this;
  }

  /** Adds a nested object or array; {@code null} writes JSON {@code null}. */
  Json field(String name, Json value) {
    name(name).append(value == null ? "null" : value.toString());
    return this;
  }

  /** Adds an element to an array. */
  Json add(Json element) {
    next(true).append(element);
    return this;
  }

  @Override
  public String toString() {
    return out.toString() + (array ? ']' : '}');
  }

  /**
   * Sends this document as the whole response, never cached.
   *
   * @param response the response
   * @param status the HTTP status
   */
  void send(HttpServletResponse response, int status) throws IOException {
    write(response, status, "application/json", toString());
  }

  /**
   * Sends a whole UTF-8 body that no cache may keep: queues and pages change with every check-in.
   */
  static void write(HttpServletResponse response, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType(type + ";charset=UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  private StringBuilder name(String name) {
    next(false);
    quote(name);
    return out.append(':');
  }

  private StringBuilder next(boolean element) {
    if (element != array) {
      throw new IllegalStateException(array ? "an array has no fields" : "an object has fields");
    }
    if (!empty) {
      out.append(',');
    }
    empty = false;
    return out;
  }

  /**
   * Appends a string literal: escapes what RFC 8259 requires, and {@code <} so that a document
   * embedded in a page cannot close its script tag.
   */
  private void quote(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
