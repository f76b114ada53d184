package dev.realtime.backplane.hazelcast;

import static dev.realtime.backplane.hazelcast.Hubs.MSG;
import static dev.realtime.backplane.hazelcast.Hubs.awaitRoute;
import static dev.realtime.backplane.hazelcast.Hubs.eventually;
import static dev.realtime.backplane.hazelcast.Hubs.fence;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.topic.ITopic;
import dev.realtime.Message;
import dev.realtime.spi.Envelope;
import dev.realtime.spi.EnvelopeCodec;
import dev.realtime.spi.Target;
import dev.realtime.tck.RecordingOutlet;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Foreign traffic on a shard topic a node listens to: each item is counted as dropped{reason=
 * malformed} and the listener keeps delivering what follows.
 */
class MalformedMessageIT {
  private final TestCluster cluster = new TestCluster(2);
  private final Hubs hubs = new Hubs();

  @AfterEach
  void stop() {
    try {
      hubs.close();
    } finally {
      cluster.close();
    }
  }

  @Test
  void garbageIsCountedAndTheListenerSurvives() {
    cluster.start();
    Hubs.Node a = hubs.start("a", HazelcastBackplane.create(cluster.member(0)));
    Hubs.Node b = hubs.start("b", HazelcastBackplane.create(cluster.member(1)));
    String room = "ops";
    RecordingOutlet onB = b.member("ub", room);
    awaitRoute(a.hub(), room, onB);
    Shards shards = new Shards("realtime.", 256);
    ITopic<Object> topic =
        cluster.member(0).getTopic(shards.topic(shards.of(Target.roomKey(room))));
    byte[] valid = EnvelopeCodec.encode(Envelope.of("x", Target.room(room), Message.of(MSG, "ok")));
    byte[] future = valid.clone();
    future[1] = 99; // an envelope version this node does not read

    topic.publish(new byte[] {1, 2, 3});
    topic.publish("not an envelope");
    topic.publish(future);
    topic.publish(Arrays.copyOf(valid, valid.length - 1));
    topic.publish(valid);

    eventually().until(() -> onB.data(MSG).contains("ok"));
    eventually().until(() -> b.dropped("malformed") == 4.0);
    a.hub().broadcast(room, Message.of(MSG, "still-listening"));
    fence(a.hub(), room, onB);
    assertThat(onB.data(MSG)).containsExactly("ok", "still-listening");
    assertThat(b.dropped("malformed")).isEqualTo(4.0);
  }
}
