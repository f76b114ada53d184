package dev.realtime.backplane.hazelcast;

import dev.realtime.Hub;
import dev.realtime.tck.TwoServersSseContract;
import java.util.Map;

/**
 * Two hubs behind two embedded Jetty servers (the kit's HTTP contract), each configured the way the
 * quickstart is, from {@code HAZELCAST_MEMBERS} and {@code HAZELCAST_PORT}: their embedded members
 * form one cluster.
 */
class TwoServersSseIT extends TwoServersSseContract {
  private final TestCluster ports = new TestCluster(2); // only its free ports and cluster name
  private final Hubs hubs = new Hubs();

  @Override
  protected void stopNodes() {
    hubs.close();
  }

  @Override
  protected Hub startNode(String nodeId) {
    return hubs.startFromEnvironment(nodeId, environment(nodeId.equals("node-a") ? 0 : 1)).hub();
  }

  private Map<String, String> environment(int member) {
    return Map.of(
        "REALTIME_BACKPLANE", "hazelcast",
        "HAZELCAST_MEMBERS", String.join(",", ports.addresses()),
        "HAZELCAST_PORT", Integer.toString(ports.port(member)),
        "HAZELCAST_CLUSTER_NAME", ports.name());
  }
}
