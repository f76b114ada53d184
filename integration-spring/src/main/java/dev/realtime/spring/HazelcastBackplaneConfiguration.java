package dev.realtime.spring;

import com.hazelcast.core.HazelcastInstance;
import dev.realtime.backplane.hazelcast.HazelcastBackplane;
import dev.realtime.spi.Backplane;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The Hazelcast backplane, when chosen and {@code dev.realtime:backplane-hazelcast} is on the
 * classpath: on the application's {@link HazelcastInstance} bean when there is one (the application
 * keeps owning it: closing the backplane only removes its listeners), else on an embedded member
 * the backplane starts and shuts down itself.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = {BackplaneChoice.HAZELCAST_CLASS, BackplaneChoice.HAZELCAST_INSTANCE})
@Conditional(BackplaneChoice.OnHazelcast.class)
final class HazelcastBackplaneConfiguration {
  private static final Log LOG = LogFactory.getLog(HazelcastBackplaneConfiguration.class);

  @Bean
  @ConditionalOnMissingBean(Backplane.class)
  Backplane realtimeBackplane(
      Environment env,
      ListableBeanFactory beans,
      ObjectProvider<HazelcastInstance> instances,
      RealtimeHazelcastProperties properties) {
    BackplaneChoice choice = BackplaneChoice.decide(env, getClass().getClassLoader(), beans);
    HazelcastInstance own = instances.getIfUnique();
    if (own != null) {
      LOG.info(
          "Realtime backplane: hazelcast on the application's HazelcastInstance '"
              + own.getName()
              + "', because "
              + choice.reason());
      return HazelcastBackplane.create(own);
    }
    try {
      HazelcastBackplane.Builder b =
          HazelcastBackplane.member()
              .clusterName(properties.getClusterName())
              .members(properties.getMembers());
      if (properties.getPort() != null) {
        b.port(properties.getPort());
      }
      HazelcastBackplane backplane = b.build();
      LOG.info(
          "Realtime backplane: hazelcast on an embedded member of cluster '"
              + properties.getClusterName()
              + "' (members "
              + properties.getMembers()
              + "), because "
              + choice.reason());
      return backplane;
    } catch (IllegalArgumentException e) {
      throw new RealtimeConfigurationException(
          "Invalid realtime configuration: realtime.hazelcast: " + e.getMessage(),
          "Check realtime.hazelcast.cluster-name, realtime.hazelcast.members (host:port) and"
              + " realtime.hazelcast.port (1 to 65535).",
          e);
    }
  }
}
