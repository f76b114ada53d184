package dev.realtime.spring;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The embedded Hazelcast member under {@code realtime.hazelcast.*}, started by the backplane when
 * {@code realtime.backplane=hazelcast} and the application has no {@code HazelcastInstance} bean of
 * its own (with one, the backplane uses it and these settings do not apply).
 */
@ConfigurationProperties("realtime.hazelcast")
public class RealtimeHazelcastProperties {

  /** Cluster name of the embedded member. */
  private String clusterName = "realtime";

  /** host:port of the cluster's members (TCP-IP join; may include this node). */
  private List<String> members = new ArrayList<>();

  /** The embedded member's port. Unset: 5701, or the next free one. */
  private Integer port;

  public String getClusterName() {
    return clusterName;
  }

  public void setClusterName(String clusterName) {
    this.clusterName = clusterName;
  }

  public List<String> getMembers() {
    return members;
  }

  public void setMembers(List<String> members) {
    this.members = members;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }
}
