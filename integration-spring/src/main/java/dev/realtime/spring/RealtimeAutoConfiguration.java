package dev.realtime.spring;

import dev.realtime.Hub;
import dev.realtime.HubListener;
import dev.realtime.RealtimeConfig;
import dev.realtime.core.RealtimeHub;
import dev.realtime.spi.Backplane;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The hub of a Boot application: its {@link RealtimeConfig} from the {@code realtime.*} properties,
 * the backplane chosen by {@code realtime.backplane} or by the classpath, meters in the
 * application's {@link MeterRegistry}, every {@link HubListener} bean, every {@link
 * RealtimeCustomizer}, and a drain on shutdown that runs before the web server stops. Each bean
 * backs off when the application defines its own.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
      "org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration"
    })
@EnableConfigurationProperties({
  RealtimeProperties.class,
  RealtimeRedisProperties.class,
  RealtimeHazelcastProperties.class
})
public final class RealtimeAutoConfiguration {

  /** For Spring. */
  public RealtimeAutoConfiguration() {}

  /**
   * The configuration from the {@code realtime.*} properties, adjusted by every {@link
   * RealtimeCustomizer#customizeConfig}.
   *
   * @param properties the bound properties
   * @param customizers the customizers, in order
   * @return the configuration
   */
  @Bean
  @ConditionalOnMissingBean
  public RealtimeConfig realtimeConfig(
      RealtimeProperties properties, ObjectProvider<RealtimeCustomizer> customizers) {
    RealtimeConfig.Builder builder = ConfigBinding.toBuilder(properties);
    customizers.orderedStream().forEach(c -> c.customizeConfig(builder));
    return builder.build();
  }

  /**
   * The hub, built and started; closed (gracefully) with the context.
   *
   * @param config the configuration
   * @param backplane the backplane (the hub closes it)
   * @param registries the application's meter registry, if any; without one the hub registers its
   *     meters in Micrometer's global registry
   * @param listeners every listener bean, in order
   * @param customizers every customizer, in order
   * @return the running hub
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Hub realtimeHub(
      RealtimeConfig config,
      Backplane backplane,
      ObjectProvider<MeterRegistry> registries,
      ObjectProvider<HubListener> listeners,
      ObjectProvider<RealtimeCustomizer> customizers) {
    RealtimeHub.Builder builder = RealtimeHub.builder().config(config).backplane(backplane);
    registries.ifUnique(builder::meterRegistry);
    listeners.orderedStream().forEach(builder::listener);
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  /**
   * Drains the hub before the web server stops.
   *
   * @param hub the hub
   * @return the lifecycle bean
   */
  @Bean
  @ConditionalOnMissingBean(name = "realtimeShutdownLifecycle")
  HubShutdownLifecycle realtimeShutdownLifecycle(Hub hub) {
    return new HubShutdownLifecycle(hub);
  }

  /** The backplane, unless the application made the hub or the backplane itself. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(Hub.class)
  @Import({
    RedisBackplaneConfiguration.class,
    HazelcastBackplaneConfiguration.class,
    LocalBackplaneConfiguration.class
  })
  static final class BackplaneConfiguration {}
}
