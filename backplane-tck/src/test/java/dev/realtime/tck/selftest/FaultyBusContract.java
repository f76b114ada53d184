package dev.realtime.tck.selftest;

import dev.realtime.backplane.local.LocalBus;
import dev.realtime.spi.Backplane;
import dev.realtime.tck.BackplaneContract;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The kit run against a {@link LocalBus} whose nodes have {@link #fault} built in. Not run by
 * Surefire itself (the name does not end in {@code Test}); {@link KitSelfTest} launches it.
 */
class FaultyBusContract extends BackplaneContract {
  /** Set by {@link KitSelfTest} before it launches this class; tests run one at a time. */
  static volatile Fault fault = Fault.NONE;

  private final LocalBus bus = new LocalBus();
  private final List<FaultyBackplane> cluster = new CopyOnWriteArrayList<>();

  @Override
  protected Backplane newBackplane() {
    return new FaultyBackplane(fault, bus, cluster);
  }

  @Override
  protected void startOutage() {
    bus.setDown(true);
  }

  @Override
  protected void endOutage() {
    bus.setDown(false);
  }

  /** Short, so faults that only show as a timeout are caught quickly; LocalBus needs little. */
  @Override
  protected Duration patience() {
    return Duration.ofSeconds(2);
  }
}
