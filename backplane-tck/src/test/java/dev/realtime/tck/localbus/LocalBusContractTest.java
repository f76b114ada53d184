package dev.realtime.tck.localbus;

import dev.realtime.backplane.local.LocalBus;
import dev.realtime.spi.Backplane;
import dev.realtime.tck.BackplaneContract;

/**
 * The kit run against {@link LocalBus}, the in-memory cluster; in its own package, as a backplane
 * module's test would be.
 */
class LocalBusContractTest extends BackplaneContract {
  private final LocalBus bus = new LocalBus();

  @Override
  protected Backplane newBackplane() {
    return bus.newBackplane();
  }

  @Override
  protected void startOutage() {
    bus.setDown(true);
  }

  @Override
  protected void endOutage() {
    bus.setDown(false);
  }
}
