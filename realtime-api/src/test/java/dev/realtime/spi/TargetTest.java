package dev.realtime.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.realtime.Message;
import org.junit.jupiter.api.Test;

class TargetTest {

  @Test
  void roomRoutingKey() {
    Target t = Target.room("lobby");

    assertThat(t.kind()).isEqualTo(Target.Kind.ROOM);
    assertThat(t.name()).isEqualTo("lobby");
    assertThat(t.routingKey()).isEqualTo("room:lobby").isEqualTo(Target.roomKey("lobby"));
  }

  @Test
  void resourceRoutingKey() {
    Target t = Target.resource("doctor-123");

    assertThat(t.kind()).isEqualTo(Target.Kind.RESOURCE);
    assertThat(t.routingKey())
        .isEqualTo("resource:doctor-123")
        .isEqualTo(Target.resourceKey("doctor-123"));
  }

  @Test
  void connectionRoutesToItsNode() {
    Target t = Target.connection("node-a:42");

    assertThat(t.kind()).isEqualTo(Target.Kind.CONNECTION);
    assertThat(t.name()).isEqualTo("node-a:42");
    assertThat(t.routingKey()).isEqualTo("node:node-a").isEqualTo(Target.nodeKey("node-a"));
  }

  @Test
  void connectionsOfOneNodeShareARoutingKey() {
    assertThat(Target.connection("n1:1").routingKey())
        .isEqualTo(Target.connection("n1:99999").routingKey());
    assertThat(Target.connection("n1:1").routingKey())
        .isNotEqualTo(Target.connection("n2:1").routingKey());
  }

  @Test
  void nodeIdMayContainColonsOnlyTheLastSeparatesTheSequence() {
    assertThat(Target.connection("host:8080:7").routingKey()).isEqualTo("node:host:8080");
  }

  @Test
  void connectionIdWithoutSequenceIsTakenAsNodeId() {
    assertThat(Target.connection("lonely").routingKey()).isEqualTo("node:lonely");
  }

  @Test
  void kindsDoNotCollide() {
    assertThat(Target.room("x").routingKey())
        .isNotEqualTo(Target.resource("x").routingKey())
        .isNotEqualTo(Target.connection("x:1").routingKey());
  }

  @Test
  void nullsAreRejected() {
    assertThatThrownBy(() -> new Target(null, "x"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("kind");
    assertThatThrownBy(() -> Target.room(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
  }

  @Test
  void envelopeWithoutStreamPosition() {
    Envelope e = Envelope.of("n1", Target.room("lobby"), Message.of("hi"));

    assertThat(e.offset()).isZero();
    assertThat(e.epoch()).isEmpty();
    assertThat(e.originNode()).isEqualTo("n1");
    assertThat(e).isEqualTo(Envelope.of("n1", Target.room("lobby"), Message.of("hi")));
    assertThatThrownBy(() -> Envelope.of(null, Target.room("r"), Message.of("x")))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("originNode");
  }

  @Test
  void backplaneHealthIsUpUnlessDown() {
    assertThat(new BackplaneHealth("local", BackplaneState.UP, "").isUp()).isTrue();
    assertThat(new BackplaneHealth("redis", BackplaneState.RECOVERED, "back").isUp()).isTrue();
    assertThat(new BackplaneHealth("redis", BackplaneState.DOWN, "refused").isUp()).isFalse();
  }
}
