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
}
