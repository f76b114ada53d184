package dev.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionRequestTest {

  @Test
  void ofHasOnlyTheResource() {
    ConnectionRequest r = ConnectionRequest.of("doctor-123");

    assertThat(r.resource()).isEqualTo("doctor-123");
    assertThat(r.rooms()).isEmpty();
    assertThat(r.principal()).isEmpty();
    assertThat(r.attributes()).isEmpty();
    assertThat(r.lastEventId()).isEmpty();
  }

  @Test
  void builderSetsEveryField() {
    ConnectionRequest r =
        ConnectionRequest.builder("user-42")
            .room("lobby")
            .room("news")
            .room("lobby")
            .principal("alice")
            .attribute("tenant", "t1")
            .lastEventId("17")
            .build();

    assertThat(r.rooms()).containsExactly("lobby", "news");
    assertThat(r.principal()).contains("alice");
    assertThat(r.attributes()).containsExactly(Map.entry("tenant", "t1"));
    assertThat(r.lastEventId()).contains("17");
  }

  @Test
  void namesOf1And255CharactersAreAccepted() {
    String longest = "r".repeat(255);

    ConnectionRequest r = ConnectionRequest.builder(longest).room("a").room(longest).build();

    assertThat(r.resource()).hasSize(255);
    assertThat(r.rooms()).containsExactly("a", longest);
  }

  @Test
  void emptyResourceIsRejected() {
    assertThatThrownBy(() -> ConnectionRequest.of(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resource must be 1-255 characters, was 0");
  }

  @Test
  void resourceOf256CharactersIsRejected() {
    assertThatThrownBy(() -> ConnectionRequest.of("r".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resource must be 1-255 characters, was 256");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\nb", "a\rb", "a\u0000b", "a\tb", "\u007f", "a\u0085b"})
  void resourceWithControlCharactersIsRejected(String resource) {
    assertThatThrownBy(() -> ConnectionRequest.of(resource))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("resource must not contain control characters");
  }

  @Test
  void nullResourceIsRejected() {
    assertThatThrownBy(() -> ConnectionRequest.of(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resource must not be null");
  }

  @Test
  void controlCharacterMessageSaysWhereItIs() {
    assertThatThrownBy(() -> ConnectionRequest.of("ab\u0007"))
        .hasMessage("resource must not contain control characters (found U+0007 at index 2)");
  }

  @Test
  void invalidRoomsAreRejectedByTheBuilder() {
    ConnectionRequest.Builder b = ConnectionRequest.builder("user");

    assertThatThrownBy(() -> b.room(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("room must be 1-255 characters, was 0");
    assertThatThrownBy(() -> b.room("x".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("room must be 1-255 characters, was 256");
    assertThatThrownBy(() -> b.room("lob\nby"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("room must not contain control characters");
  }

  @Test
  void invalidRoomsAreRejectedByTheConstructor() {
    assertThatThrownBy(
            () ->
                new ConnectionRequest(
                    "user",
                    Set.of("ok", "x".repeat(256)),
                    Optional.empty(),
                    Map.of(),
                    Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("room must be 1-255 characters, was 256");
  }

  @Test
  void lastEventIdRejectsLineBreaks() {
    assertThatThrownBy(() -> ConnectionRequest.builder("user").lastEventId("1\n2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("lastEventId must not contain CR, LF or NUL");
    assertThatThrownBy(
            () ->
                new ConnectionRequest(
                    "user", Set.of(), Optional.empty(), Map.of(), Optional.of("1\r")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("lastEventId");
  }

  @Test
  void collectionsAreCopiedAndImmutable() {
    Set<String> rooms = new LinkedHashSet<>(Set.of("a"));
    Map<String, String> attributes = new HashMap<>(Map.of("k", "v"));
    ConnectionRequest r =
        new ConnectionRequest("user", rooms, Optional.empty(), attributes, Optional.empty());

    rooms.add("b");
    attributes.put("k2", "v2");

    assertThat(r.rooms()).containsExactly("a");
    assertThat(r.attributes()).containsOnlyKeys("k");
    assertThatThrownBy(() -> r.rooms().add("c")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> r.attributes().put("c", "d"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nullsAreRejected() {
    assertThatThrownBy(
            () -> new ConnectionRequest("u", null, Optional.empty(), Map.of(), Optional.empty()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("rooms");
    assertThatThrownBy(() -> new ConnectionRequest("u", Set.of(), null, Map.of(), Optional.empty()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("principal");
    assertThatThrownBy(
            () -> new ConnectionRequest("u", Set.of(), Optional.empty(), null, Optional.empty()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("attributes");
    assertThatThrownBy(() -> new ConnectionRequest("u", Set.of(), Optional.empty(), Map.of(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("lastEventId");
    assertThatThrownBy(() -> ConnectionRequest.builder("u").principal(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ConnectionRequest.builder("u").attribute("k", null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void equalRequestsAreEqual() {
    assertThat(ConnectionRequest.builder("u").room("a").build())
        .isEqualTo(ConnectionRequest.builder("u").room("a").build())
        .isNotEqualTo(ConnectionRequest.builder("u").room("b").build());
  }
}
