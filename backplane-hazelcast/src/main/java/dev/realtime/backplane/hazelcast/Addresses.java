package dev.realtime.backplane.hazelcast;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Checks member addresses ({@code host} or {@code host:port}) before Hazelcast sees them. */
final class Addresses {
  private Addresses() {}

  /**
   * @param field the setting's name, for the message
   * @param address {@code host}, {@code host:port} or {@code [v6]:port}
   * @return the address, trimmed
   */
  static String check(String field, String address) {
    Objects.requireNonNull(address, field);
    String a = address.trim();
    int colon = a.lastIndexOf(':');
    boolean hasPort = colon > 0 && (a.indexOf(':') == colon || a.startsWith("["));
    String host = hasPort ? a.substring(0, colon) : a;
    if (host.isEmpty() || host.chars().anyMatch(c -> Character.isWhitespace(c) || c == ',')) {
      throw new IllegalArgumentException(
          field + ": '" + a + "' is not host:port (e.g. 10.0.0.1:5701)");
    }
    if (hasPort) {
      String p = a.substring(colon + 1);
      int port;
      try {
        port = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(
            field + ": port of '" + a + "' must be 1 to 65535, was '" + p + "'");
      }
    }
    return a;
  }

  /**
   * @param field the setting's name, for messages
   * @param list comma-separated addresses
   * @return the checked addresses; empty entries are skipped
   */
  static List<String> parse(String field, String list) {
    List<String> out = new ArrayList<>();
    for (String part : list.split(",")) {
      if (!part.isBlank()) {
        out.add(check(field, part));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(field + ": no address in '" + list.trim() + "'");
    }
    return out;
  }
}
