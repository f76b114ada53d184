package dev.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageTest {

  @Test
  void ofDataHasNoEventIdOrKey() {
    Message m = Message.of("hello");

    assertThat(m.event()).isEmpty();
    assertThat(m.id()).isEmpty();
    assertThat(m.coalescingKey()).isEmpty();
    assertThat(m.dataAsString()).isEqualTo("hello");
    assertThat(m.dataLength()).isEqualTo(5);
  }

  @Test
  void ofEventAndData() {
    Message m = Message.of("price", "42");

    assertThat(m.event()).contains("price");
    assertThat(m.dataAsString()).isEqualTo("42");
  }

  @Test
  void emptyBuilderGivesEmptyData() {
    Message m = Message.builder().build();

    assertThat(m.dataLength()).isZero();
    assertThat(m.data()).isEmpty();
  }

  @Test
  void dataIsUtf8AndMayContainLineBreaks() {
    Message m = Message.of("zo\u00eb\nline 2\r\n\u20ac");

    assertThat(m.data()).isEqualTo("zo\u00eb\nline 2\r\n\u20ac".getBytes(StandardCharsets.UTF_8));
    assertThat(m.dataLength()).isEqualTo(m.data().length);
    assertThat(m.dataByte(2)).isEqualTo((byte) 0xC3);
    assertThat(m.dataAsString()).isEqualTo("zo\u00eb\nline 2\r\n\u20ac");
  }

  @Test
  void dataGivenAsBytesIsCopied() {
    byte[] bytes = "abc".getBytes(StandardCharsets.UTF_8);
    Message m = Message.builder().data(bytes).build();

    bytes[0] = 'X';

    assertThat(m.dataAsString()).isEqualTo("abc");
  }

  @Test
  void dataReturnedIsACopy() {
    Message m = Message.of("abc");

    m.data()[0] = 'X';

    assertThat(m.dataAsString()).isEqualTo("abc");
    assertThat(m.dataByte(0)).isEqualTo((byte) 'a');
  }

  @Test
  void toBuilderKeepsFieldsAndLeavesTheOriginalAlone() {
    Message original = Message.builder().event("e").id("7").coalescingKey("k").data("d").build();

    Message changed = original.toBuilder().data("other").build();

    assertThat(original.toBuilder().build()).isEqualTo(original);
    assertThat(changed.event()).contains("e");
    assertThat(changed.id()).contains("7");
    assertThat(changed.coalescingKey()).contains("k");
    assertThat(changed.dataAsString()).isEqualTo("other");
    assertThat(original.dataAsString()).isEqualTo("d");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\rb", "a\nb", "a\u0000b", "\n"})
  void eventRejectsCrLfNulNamingTheField(String event) {
    assertThatThrownBy(() -> Message.builder().event(event))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("event must not contain CR, LF or NUL");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1\r", "1\n2", "\u00001"})
  void idRejectsCrLfNulNamingTheField(String id) {
    assertThatThrownBy(() -> Message.builder().id(id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("id must not contain CR, LF or NUL");
  }

  @Test
  void eventAndIdAreLimitedTo255Characters() {
    assertThat(Message.builder().event("e".repeat(255)).build().event()).hasValue("e".repeat(255));
    assertThatThrownBy(() -> Message.builder().event("e".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event must be at most 255 characters, was 256");
    assertThatThrownBy(() -> Message.builder().id("1".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("id must be at most 255 characters, was 256");
  }

  @Test
  void nullEventOrIdIsRejectedNamingTheField() {
    assertThatThrownBy(() -> Message.builder().event(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event must not be null");
    assertThatThrownBy(() -> Message.builder().id(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("id must not be null");
    assertThatThrownBy(() -> Message.of(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void coalescingKeyFollowsTheNameRules() {
    assertThatThrownBy(() -> Message.builder().coalescingKey(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("coalescingKey must be 1-255 characters");
    assertThatThrownBy(() -> Message.builder().coalescingKey("a\tb"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("coalescingKey must not contain control characters");
  }

  @Test
  void equalityComparesEveryFieldAndTheDataBytes() {
    Message a = Message.builder().event("e").id("1").coalescingKey("k").data("x").build();
    Message b =
        Message.builder()
            .event("e")
            .id("1")
            .coalescingKey("k")
            .data("x".getBytes(StandardCharsets.UTF_8))
            .build();

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(a.toBuilder().event("f").build());
    assertThat(a).isNotEqualTo(a.toBuilder().id("2").build());
    assertThat(a).isNotEqualTo(a.toBuilder().coalescingKey("j").build());
    assertThat(a).isNotEqualTo(a.toBuilder().data("y").build());
    assertThat(Message.of("x")).isNotEqualTo(Message.of("message", "x"));
    assertThat(a).isNotEqualTo("x");
  }

  @Test
  void toStringShowsSizeNotData() {
    assertThat(Message.builder().event("e").id("1").data("secret").build().toString())
        .isEqualTo("Message[event=e, id=1, bytes=6]");
  }
}
