package dev.realtime.spring;

import dev.realtime.backplane.local.LocalBackplane;
import dev.realtime.spi.Backplane;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The single-node backplane, when no other configuration made one. Imported after the Redis and
 * Hazelcast configurations; a choice they did not serve is reported here: an unknown name, or a
 * backplane whose library is not on the classpath.
 */
@Configuration(proxyBeanMethods = false)
final class LocalBackplaneConfiguration {
  private static final Log LOG = LogFactory.getLog(LocalBackplaneConfiguration.class);
  private static final Set<String> KNOWN = Set.of("local", "redis", "hazelcast");

  @Bean
  @ConditionalOnMissingBean(Backplane.class)
  Backplane realtimeBackplane(Environment env, ListableBeanFactory beans) {
    BackplaneChoice choice = BackplaneChoice.decide(env, getClass().getClassLoader(), beans);
    if (!KNOWN.contains(choice.name())) {
      throw new RealtimeConfigurationException(
          "Invalid realtime configuration: "
              + BackplaneChoice.PROPERTY
              + " must be local, redis or hazelcast (or unset to choose by the classpath), was '"
              + choice.name()
              + "'",
          "Set " + BackplaneChoice.PROPERTY + " to local, redis or hazelcast.",
          null);
    }
    if (!choice.name().equals("local")) {
      String dependency = "dev.realtime:backplane-" + choice.name();
      throw new RealtimeConfigurationException(
          BackplaneChoice.PROPERTY
              + "="
              + choice.name()
              + " but "
              + dependency
              + " is not on the classpath",
          "Add the dependency "
              + dependency
              + " to the application, or set "
              + BackplaneChoice.PROPERTY
              + "=local to run a single node.",
          null);
    }
    LOG.info("Realtime backplane: local, because " + choice.reason());
    return new LocalBackplane();
  }
}
