package dev.realtime.bench.backplane;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The baseline's wire format: a flat JSON object of strings, {@code
 * {"room":"...","event":"...","data":"..."}}, as the field guides' designs send (they call {@code
 * JSON.stringify}). Written and parsed by hand here so the benchmark needs no JSON library; a real
 * hand-rolled bridge would use Jackson, which costs more per message, not less.
 */
final class NaiveJson {
  private NaiveJson() {}

  /** Encodes the fields, in order, escaping quotes, backslashes and control characters. */
  static String encode(Map<String, String> fields) {
    StringBuilder b = new StringBuilder(64);
    b.append('{');
    boolean first = true;
    for (Map.Entry<String, String> e : fields.entrySet()) {
      if (!first) {
        b.append(',');
      }
      first = false;
      quote(b, e.getKey()).append(':');
      quote(b, e.getValue());
    }
    return b.append('}').toString();
  }

  /**
   * Parses a flat object of string values.
   *
   * @throws IllegalArgumentException naming the offset when the text is not such an object
   */
  static Map<String, String> decode(String json) {
    Map<String, String> out = new LinkedHashMap<>();
    int[] pos = {skip(json, 0)};
    expect(json, pos, '{');
    if (peek(json, pos) == '}') {
      pos[0]++;
      return out;
    }
    while (true) {
      String key = string(json, pos);
      expect(json, pos, ':');
      out.put(key, string(json, pos));
      char c = peek(json, pos);
      pos[0]++;
      if (c == '}') {
        return out;
      }
      if (c != ',') {
        throw new IllegalArgumentException("json: expected ',' or '}' at offset " + (pos[0] - 1));
      }
    }
  }

  private static StringBuilder quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"');
  }

  private static String string(String json, int[] pos) {
    expect(json, pos, '"');
    StringBuilder b = new StringBuilder();
    int i = pos[0];
    while (i < json.length()) {
      char c = json.charAt(i++);
      if (c == '"') {
        pos[0] = i;
        return b.toString();
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (i >= json.length()) {
        break;
      }
      char e = json.charAt(i++);
      switch (e) {
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'u' -> {
          if (i + 4 > json.length()) {
            throw new IllegalArgumentException("json: short \\u escape at offset " + (i - 2));
          }
          b.append((char) Integer.parseInt(json.substring(i, i + 4), 16));
          i += 4;
        }
        default -> b.append(e); // \" \\ \/
      }
    }
    throw new IllegalArgumentException("json: unterminated string at offset " + pos[0]);
  }

  private static void expect(String json, int[] pos, char c) {
    if (peek(json, pos) != c) {
      throw new IllegalArgumentException("json: expected '" + c + "' at offset " + pos[0]);
    }
    pos[0]++;
  }

  private static char peek(String json, int[] pos) {
    pos[0] = skip(json, pos[0]);
    if (pos[0] >= json.length()) {
      throw new IllegalArgumentException("json: unexpected end at offset " + pos[0]);
    }
    return json.charAt(pos[0]);
  }

  private static int skip(String json, int i) {
    while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
      i++;
    }
    return i;
  }
}
