package dev.realtime.backplane.hazelcast;

import dev.realtime.spi.Backplane;
import dev.realtime.tck.BackplaneContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The kit with every node a client of one two-member cluster started in this JVM. The outage stops
 * both members; its end starts them again on the same ports, a new cluster the clients reconnect
 * to. Embedded-member nodes are covered by {@link MemberFaultIT}: a member cannot be cut off from
 * the cluster it is part of.
 */
class HazelcastBackplaneContractIT extends BackplaneContract {
  private static TestCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = new TestCluster(2).start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Override
  protected Backplane newBackplane() {
    return cluster.clientBackplane().build();
  }

  @Override
  protected void startOutage() {
    cluster.stop();
  }

  @Override
  protected void endOutage() {
    cluster.start();
  }
}
