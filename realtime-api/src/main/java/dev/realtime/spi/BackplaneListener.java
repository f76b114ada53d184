package dev.realtime.spi;

/** How a backplane hands envelopes and state changes to its hub. */
public interface BackplaneListener {

  /**
   * An envelope from another node arrived. Called on the backplane's thread; the hub only queues
   * frames here and never blocks.
   *
   * @param envelope the envelope
   */
  void onEnvelope(Envelope envelope);

  /**
   * The backplane's state changed.
   *
   * @param state the new state
   */
  void onStateChange(BackplaneState state);

  /**
   * The backplane received something it could not decode (garbage, a foreign message on one of its
   * channels, an unsupported envelope version) and dropped it. The hub counts it in {@code
   * realtime.messages.dropped{reason=malformed}}; the backplane keeps running.
   *
   * @param detail what was wrong, for a log line (never the payload itself)
   */
  default void onMalformed(String detail) {}
}
