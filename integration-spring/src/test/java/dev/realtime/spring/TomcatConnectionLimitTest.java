package dev.realtime.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;

class TomcatConnectionLimitTest {

  @Test
  void raisesTomcatsDefaultToTheCapPlusHeadroom() {
    Connector connector = new Connector();
    assertThat(maxConnections(connector)).isEqualTo(8192); // Tomcat's default
    new TomcatConnectionLimit(10_000, 1024).raise(connector);
    assertThat(maxConnections(connector)).isEqualTo(11_024);
  }

  @Test
  void neverLowersALargerValueTheApplicationSet() {
    Connector connector = new Connector();
    protocol(connector).setMaxConnections(50_000);
    new TomcatConnectionLimit(10_000, 1024).raise(connector);
    assertThat(maxConnections(connector)).isEqualTo(50_000);
  }

  @Test
  void keepsAnUnlimitedConnector() {
    Connector connector = new Connector();
    protocol(connector).setMaxConnections(-1);
    new TomcatConnectionLimit(10_000, 1024).raise(connector);
    assertThat(maxConnections(connector)).isEqualTo(-1);
  }

  @Test
  void leavesASmallCapAlone() {
    Connector connector = new Connector();
    new TomcatConnectionLimit(100, 1024).raise(connector);
    assertThat(maxConnections(connector)).isEqualTo(8192);
  }

  @Test
  void aNegativeHeadroomIsRejectedNamingTheProperty() {
    assertThatThrownBy(() -> new TomcatConnectionLimit(100, -1))
        .hasMessageContaining("realtime.sse.connection-headroom must be at least 0, was -1");
  }

  @Test
  void runsAfterBootsOwnTomcatCustomizer() {
    assertThat(new TomcatConnectionLimit(1, 0).getOrder()).isGreaterThan(0);
  }

  private static AbstractProtocol<?> protocol(Connector connector) {
    return (AbstractProtocol<?>) connector.getProtocolHandler();
  }

  private static int maxConnections(Connector connector) {
    return protocol(connector).getMaxConnections();
  }
}
