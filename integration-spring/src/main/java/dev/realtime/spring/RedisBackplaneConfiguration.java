package dev.realtime.spring;

import dev.realtime.backplane.redis.RedisBackplane;
import dev.realtime.spi.Backplane;
import java.util.Arrays;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The Redis backplane, when chosen and {@code dev.realtime:backplane-redis} is on the classpath.
 * The only class that touches backplane-redis, guarded by the string form of {@code
 * ConditionalOnClass} so the module runs without it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = BackplaneChoice.REDIS_CLASS)
@Conditional(BackplaneChoice.OnRedis.class)
final class RedisBackplaneConfiguration {
  private static final Log LOG = LogFactory.getLog(RedisBackplaneConfiguration.class);

  @Bean
  @ConditionalOnMissingBean(Backplane.class)
  Backplane realtimeBackplane(
      Environment env, ListableBeanFactory beans, RealtimeRedisProperties properties) {
    BackplaneChoice choice = BackplaneChoice.decide(env, getClass().getClassLoader(), beans);
    RedisLocation location = RedisLocation.find(env).orElse(RedisLocation.DEFAULT);
    RedisBackplane.Builder b = RedisBackplane.builder();
    String uri = location.uri();
    try {
      // Commas separate cluster seeds, except in a Sentinel URI where they separate sentinels.
      if (uri.contains(",") && !uri.contains("-sentinel:")) {
        b.uris(Arrays.stream(uri.split(",")).map(String::trim).toList()).cluster(true);
      } else {
        b.uri(uri).cluster(properties.isCluster());
      }
      b.channelPrefix(properties.getChannelPrefix());
      RedisBackplane backplane = b.build();
      LOG.info(
          "Realtime backplane: redis at "
              + location.display()
              + " (from "
              + location.source()
              + "), because "
              + choice.reason());
      return backplane;
    } catch (IllegalArgumentException e) {
      String property =
          location == RedisLocation.DEFAULT ? RedisLocation.URI_PROPERTY : location.source();
      throw new RealtimeConfigurationException(
          "Invalid realtime configuration: " + property + ": " + e.getMessage(),
          "Set "
              + property
              + " to a Redis URI such as redis://host:6379, or realtime.redis.channel-prefix to a"
              + " non-empty prefix.",
          e);
    }
  }
}
