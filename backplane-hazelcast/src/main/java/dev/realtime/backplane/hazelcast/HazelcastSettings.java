package dev.realtime.backplane.hazelcast;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a {@link HazelcastBackplane.Builder} collected. {@code instance} is present only in {@link
 * Mode#INSTANCE}; {@code port} 0 means 5701 with auto-increment.
 */
record HazelcastSettings(
    Mode mode,
    Optional<HazelcastInstance> instance,
    String clusterName,
    List<String> members,
    int port,
    boolean multicast,
    String topicPrefix,
    int topicShards,
    Duration publishTimeout,
    Duration connectTimeout,
    Duration maxReconnectDelay,
    Consumer<Config> memberCustomizer,
    Consumer<ClientConfig> clientCustomizer) {

  /** Where the Hazelcast instance comes from. */
  enum Mode {
    /** The backplane starts an embedded member and shuts it down on close. */
    MEMBER,
    /** The backplane starts a client and shuts it down on close. */
    CLIENT,
    /** The host gave its own instance (member or client); the backplane never shuts it down. */
    INSTANCE
  }

  /** A member or client this backplane starts itself, as opposed to the host's own instance. */
  boolean ownsInstance() {
    return mode != Mode.INSTANCE;
  }
}
