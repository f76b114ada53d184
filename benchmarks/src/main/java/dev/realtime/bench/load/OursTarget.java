package dev.realtime.bench.load;

import dev.realtime.Hub;
import dev.realtime.Message;
import dev.realtime.RealtimeConfig;
import dev.realtime.backplane.local.LocalBackplane;
import dev.realtime.core.RealtimeHub;
import dev.realtime.servlet.ConnectionRequestResolver;
import dev.realtime.servlet.RealtimeSseServlet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Our server: a hub on the local backplane behind {@link RealtimeSseServlet}, with the library's
 * defaults except the node-wide cap (raised so the tool's 15,000 connections fit). Counts come from
 * the hub's own Micrometer meters.
 */
final class OursTarget implements LoadServer.Target, AutoCloseable {
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Hub hub;

  OursTarget() {
    RealtimeConfig config = RealtimeConfig.builder().maxConnections(1_000_000).build();
    this.hub =
        RealtimeHub.builder()
            .config(config)
            .backplane(new LocalBackplane())
            .meterRegistry(meters)
            .nodeId("load")
            .build();
  }

  RealtimeSseServlet servlet() {
    return RealtimeSseServlet.builder(hub)
        .resolver(ConnectionRequestResolver.queryParameters())
        .build();
  }

  @Override
  public void broadcast(String room, String event, String data) {
    hub.broadcast(room, Message.of(event, data));
  }

  @Override
  public long connections() {
    return hub.stats().totalConnections();
  }

  @Override
  public long delivered() {
    return count("realtime.messages.delivered");
  }

  /** Gathering writes the hub made; -1 while the core in use has no such meter. */
  @Override
  public long writes() {
    return count("realtime.outbound.writes");
  }

  private long count(String name) {
    Counter c = meters.find(name).counter();
    return c == null ? -1 : (long) c.count();
  }

  @Override
  public void close() {
    hub.close();
  }
}
