package dev.realtime.spring;

import dev.realtime.Hub;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code realtime} health component (backplane state, node, open connections) when Boot's
 * health support ({@code spring-boot-health}, brought by the actuator) is on the classpath. {@code
 * management.health.realtime.enabled=false} turns it off.
 */
@AutoConfiguration(after = RealtimeAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(Hub.class)
public final class RealtimeHealthAutoConfiguration {

  /** For Spring. */
  public RealtimeHealthAutoConfiguration() {}

  /**
   * Nested so that the health module's own condition is read only once its classes are known to be
   * there.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnEnabledHealthIndicator("realtime")
  static final class IndicatorConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "realtimeHealthIndicator")
    RealtimeHealthIndicator realtimeHealthIndicator(Hub hub) {
      return new RealtimeHealthIndicator(hub);
    }
  }
}
