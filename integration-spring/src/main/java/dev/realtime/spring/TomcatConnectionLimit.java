package dev.realtime.spring;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import org.apache.catalina.connector.Connector;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.ProtocolHandler;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Raises Tomcat's {@code maxConnections} (8,192 by default; beyond it Tomcat stops accepting, so
 * streams past it hang) to at least {@code realtime.max-connections} plus {@code
 * realtime.sse.connection-headroom} for ordinary requests. It runs after Boot's own Tomcat
 * customizer, so a larger {@code server.tomcat.max-connections} the application set is kept, never
 * lowered; -1 (no limit) is kept too. Every connection is a file descriptor: when the process may
 * open fewer files than the new limit, it says so in the log.
 */
final class TomcatConnectionLimit
    implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {
  private static final Log LOG = LogFactory.getLog(TomcatConnectionLimit.class);

  private final int maxConnections;
  private final int headroom;

  TomcatConnectionLimit(int maxConnections, int headroom) {
    if (headroom < 0) {
      throw new RealtimeConfigurationException(
          "Invalid realtime configuration: realtime.sse.connection-headroom must be at least 0,"
              + " was "
              + headroom,
          "Set realtime.sse.connection-headroom to 0 or more.",
          null);
    }
    this.maxConnections = maxConnections;
    this.headroom = headroom;
  }

  /** After Boot's customizers (order 0), which apply {@code server.tomcat.max-connections}. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  @Override
  public void customize(ConfigurableTomcatWebServerFactory factory) {
    factory.addConnectorCustomizers(this::raise);
  }

  void raise(Connector connector) {
    ProtocolHandler handler = connector.getProtocolHandler();
    if (!(handler instanceof AbstractProtocol<?> protocol)) {
      LOG.warn(
          "Tomcat connector "
              + handler.getClass().getName()
              + " has no maxConnections to raise; streams beyond its own limit will wait");
      return;
    }
    long wanted = (long) maxConnections + headroom;
    int current = protocol.getMaxConnections();
    if (current < 0 || current >= wanted) {
      return; // unlimited, or already large enough: never lower what the application set
    }
    int target = (int) Math.min(Integer.MAX_VALUE, wanted);
    protocol.setMaxConnections(target);
    LOG.info(
        "Raised Tomcat's maxConnections from "
            + current
            + " to "
            + target
            + " (realtime.max-connections "
            + maxConnections
            + " + realtime.sse.connection-headroom "
            + headroom
            + ")");
    long files = maxFileDescriptors();
    if (files > 0 && files < target) {
      LOG.warn(
          "Tomcat may now accept "
              + target
              + " connections, but this process may open only "
              + files
              + " files (ulimit -n): connections beyond that fail with 'Too many open files'."
              + " Raise the limit (ulimit -n, LimitNOFILE in systemd, nofile in containers) or"
              + " lower realtime.max-connections");
    }
  }

  /** The process' open-file limit, or -1 where the JVM does not tell. */
  static long maxFileDescriptors() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      return unix.getMaxFileDescriptorCount();
    }
    return -1;
  }
}
