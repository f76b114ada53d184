package dev.realtime.backplane.local;

import dev.realtime.spi.BackplaneListener;
import dev.realtime.spi.BackplaneState;
import dev.realtime.spi.Envelope;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a backplane hands to its node. */
final class RecordingBackplaneListener implements BackplaneListener {
  final List<Envelope> envelopes = new CopyOnWriteArrayList<>();
  final List<BackplaneState> states = new CopyOnWriteArrayList<>();
  final List<String> threads = new CopyOnWriteArrayList<>();

  @Override
  public void onEnvelope(Envelope envelope) {
    threads.add(Thread.currentThread().getName());
    envelopes.add(envelope);
  }

  @Override
  public void onStateChange(BackplaneState state) {
    states.add(state);
  }

  List<String> data() {
    return envelopes.stream().map(e -> e.message().dataAsString()).toList();
  }
}
