package dev.realtime.examples.clinic;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a request body that must be one flat JSON object, such as {@code {"patient":"Ann Lee"}}:
 * string members keep their text, {@code null}, {@code true}, {@code false} and numbers are kept as
 * {@link Literal}s so callers can say that a field must be a string. Nested objects and arrays are
 * refused; the clinic's requests have none. Every error says where and what was expected.
 */
final class JsonBody {
  /** A non-string member value, kept as written ({@code 42}, {@code true}, {@code null}). */
  record Literal(String text) {}

  private final String s;
  private int pos;

  private JsonBody(String s) {
    this.s = s;
  }

  /**
   * Parses the body.
   *
   * @param text the body
   * @return the members in order; a repeated name keeps its last value
   * @throws IllegalArgumentException saying what is wrong and where
   */
  static Map<String, Object> parseObject(String text) {
    JsonBody p = new JsonBody(text);
    Map<String, Object> members = p.object();
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("end of body");
    }
    return members;
  }

  private Map<String, Object> object() {
    expect('{');
    Map<String, Object> members = new LinkedHashMap<>();
    skipSpace();
    if (peek() == '}') {
      pos++;
      return members;
    }
    while (true) {
      skipSpace();
      String name = string();
      expect(':');
      skipSpace();
      members.put(name, value());
      skipSpace();
      char c = peek();
      pos++;
      if (c == '}') {
        return members;
      }
      if (c != ',') {
        pos--;
        throw error("',' or '}'");
      }
    }
  }

  private Object value() {
    char c = peek();
    if (c == '"') {
      return string();
    }
    if (c == '{' || c == '[') {
      throw new IllegalArgumentException(
          "body must be a flat JSON object; nested objects and arrays are not accepted");
    }
    int start = pos;
    while (pos < s.length() && "-+.0123456789eEtruefalsn".indexOf(s.charAt(pos)) >= 0) {
      pos++;
    }
    String literal = s.substring(start, pos);
    if (!literal.matches("true|false|null|-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
      pos = start;
      throw error("a JSON value");
    }
    return new Literal(literal);
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= s.length()) {
        throw error("closing '\"'");
      }
      char c = s.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        pos--;
        throw error("an escaped control character");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = pos < s.length() ? s.charAt(pos++) : ' ';
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> out.append(unicodeEscape());
        default -> {
          pos--;
          throw error("a valid escape");
        }
      }
    }
  }

  private char unicodeEscape() {
    if (pos + 4 > s.length() || !s.substring(pos, pos + 4).matches("[0-9a-fA-F]{4}")) {
      throw error("four hex digits");
    }
    char c = (char) Integer.parseInt(s.substring(pos, pos + 4), 16);
    pos += 4;
    return c;
  }

  private void expect(char c) {
    skipSpace();
    if (peek() != c) {
      throw error("'" + c + "'");
    }
    pos++;
  }

  private char peek() {
    return pos < s.length() ? s.charAt(pos) : '\0';
  }

  private void skipSpace() {
    while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private IllegalArgumentException error(String expected) {
    return new IllegalArgumentException(
        "body is not valid JSON: expected "
            + expected
            + " at character "
            + (pos + 1)
            + (pos < s.length() ? "" : " (end of body)"));
  }
}
