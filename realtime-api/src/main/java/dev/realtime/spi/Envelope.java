package dev.realtime.spi;

import dev.realtime.Message;
import java.util.Objects;

/**
 * A message on its way between nodes. {@code offset} and {@code epoch} are reserved for history and
 * replay (0 and empty until then).
 *
 * @param originNode id of the node that published it; a node ignores its own envelopes
 * @param target where it goes
 * @param message the message
 * @param offset stream offset, 0 when unused
 * @param epoch stream epoch, empty when unused
 */
public record Envelope(
    String originNode, Target target, Message message, long offset, String epoch) {

  /**
   * Checks for nulls.
   *
   * @param originNode see the record component
   * @param target see the record component
   * @param message see the record component
   * @param offset see the record component
   * @param epoch see the record component
   */
  public Envelope {
    Objects.requireNonNull(originNode, "originNode");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(epoch, "epoch");
  }

  /**
   * An envelope without stream position.
   *
   * @param originNode the publishing node
   * @param target where it goes
   * @param message the message
   * @return the envelope
   */
  public static Envelope of(String originNode, Target target, Message message) {
    return new Envelope(originNode, target, message, 0L, "");
  }
}
