package dev.realtime.spring;

import dev.realtime.RealtimeConfig;
import dev.realtime.core.RealtimeHub;

/**
 * Adjusts the hub before it is built. Every bean of this type is applied, in {@link
 * org.springframework.core.annotation.Order @Order}, first to the configuration made from the
 * {@code realtime.*} properties ({@link #customizeConfig}), then to the hub builder ({@link
 * #customize}), which already holds that configuration, the chosen backplane, the application's
 * {@code MeterRegistry} and every {@code HubListener} bean.
 *
 * <pre>{@code
 * @Bean
 * RealtimeCustomizer nodeIdFromHostname(@Value("${HOSTNAME:local}") String host) {
 *   return hub -> hub.nodeId(host);
 * }
 * }</pre>
 *
 * <p>An application that defines its own {@code RealtimeConfig} bean gets it used as it is: {@link
 * #customizeConfig} then does not run. One that defines its own {@code Hub} bean gets neither step.
 */
@FunctionalInterface
public interface RealtimeCustomizer {

  /**
   * Adjusts the hub builder: node id, clock, extra listeners, another backplane or configuration.
   *
   * @param hub the builder, about to build the hub
   */
  void customize(RealtimeHub.Builder hub);

  /**
   * Adjusts the configuration made from the {@code realtime.*} properties; it is validated again
   * after every customizer ran. Does nothing by default.
   *
   * @param config the configuration builder
   */
  default void customizeConfig(RealtimeConfig.Builder config) {}
}
