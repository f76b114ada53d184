package dev.realtime.spring;

import dev.realtime.Hub;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Drains the hub when the application context closes, before the web server stops.
 *
 * <p>SSE streams never end by themselves, so Boot's graceful shutdown would otherwise wait its
 * whole {@code spring.lifecycle.timeout-per-shutdown-phase} for them. Lifecycle beans stop in
 * descending phase order; this one's phase is above Boot's graceful shutdown ({@code
 * WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE}, {@code Integer.MAX_VALUE - 1024}) and the
 * web server's stop ({@code START_STOP_LIFECYCLE_PHASE}, {@code Integer.MAX_VALUE - 2048}), so
 * {@link Hub#close()} runs first: new streams are refused, open ones are closed at {@code
 * realtime.shutdown-close-rate} per second (each client is told to reconnect, to another node), and
 * then the web server has nothing left to wait for.
 *
 * <p>A closed hub cannot be started again: stopping the context ends the hub for good.
 */
final class HubShutdownLifecycle implements SmartLifecycle {
  /** Stops before the web server's graceful shutdown (MAX - 1024) and the server (MAX - 2048). */
  static final int PHASE = Integer.MAX_VALUE - 512;

  private static final Log LOG = LogFactory.getLog(HubShutdownLifecycle.class);

  private final Hub hub;
  private volatile boolean running;

  HubShutdownLifecycle(Hub hub) {
    this.hub = hub;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    if (running) {
      LOG.info(
          "Closing realtime streams before the web server stops ("
              + hub.stats().totalConnections()
              + " open)");
    }
    running = false;
    hub.close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
