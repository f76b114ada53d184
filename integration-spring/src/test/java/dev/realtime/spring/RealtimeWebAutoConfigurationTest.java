package dev.realtime.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.ConnectionRequest;
import dev.realtime.Hub;
import dev.realtime.servlet.ConnectionRequestResolver;
import dev.realtime.servlet.RealtimeSseServlet;
import dev.realtime.servlet.StatsServlet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;

class RealtimeWebAutoConfigurationTest {
  private static final AutoConfigurations AUTO =
      AutoConfigurations.of(RealtimeAutoConfiguration.class, RealtimeWebAutoConfiguration.class);

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner().withConfiguration(AUTO);

  @Test
  void registersTheSseAndStatsEndpointsAtTheDefaultPaths() {
    runner.run(
        context -> {
          ServletRegistrationBean<?> sse = registration(context, "realtimeSseServletRegistration");
          assertThat(sse.getServlet()).isInstanceOf(RealtimeSseServlet.class);
          assertThat(sse.getUrlMappings()).containsExactly("/events");
          assertThat(sse.isAsyncSupported()).isTrue();
          ServletRegistrationBean<?> stats =
              registration(context, "realtimeStatsServletRegistration");
          assertThat(stats.getServlet()).isInstanceOf(StatsServlet.class);
          assertThat(stats.getUrlMappings()).containsExactly("/api/sse/stats");
          assertThat(context.getBean(ConnectionRequestResolver.class))
              .isSameAs(ConnectionRequestResolver.queryParameters());
        });
  }

  @Test
  void pathsComeFromProperties() {
    runner
        .withPropertyValues("realtime.sse.path=/stream", "realtime.sse.stats-path=/admin/stats")
        .run(
            context -> {
              assertThat(registration(context, "realtimeSseServletRegistration").getUrlMappings())
                  .containsExactly("/stream");
              assertThat(registration(context, "realtimeStatsServletRegistration").getUrlMappings())
                  .containsExactly("/admin/stats");
            });
  }

  @Test
  void statsCanBeTurnedOffAlone() {
    runner
        .withPropertyValues("realtime.sse.stats-enabled=false")
        .run(
            context ->
                assertThat(context)
                    .hasBean("realtimeSseServletRegistration")
                    .doesNotHaveBean("realtimeStatsServletRegistration"));
  }

  @Test
  void sseEnabledFalseTurnsTheWebPartOff() {
    runner
        .withPropertyValues("realtime.sse.enabled=false")
        .run(
            context ->
                assertThat(context)
                    .hasSingleBean(Hub.class)
                    .doesNotHaveBean(ServletRegistrationBean.class)
                    .doesNotHaveBean(ConnectionRequestResolver.class)
                    .doesNotHaveBean(TomcatConnectionLimit.class));
  }

  @Test
  void aNonWebApplicationGetsTheHubOnly() {
    new ApplicationContextRunner()
        .withConfiguration(AUTO)
        .run(
            context ->
                assertThat(context)
                    .hasSingleBean(Hub.class)
                    .doesNotHaveBean(ServletRegistrationBean.class));
  }

  @Test
  void theApplicationsResolverIsUsed() {
    runner
        .withUserConfiguration(OwnResolver.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(ConnectionRequestResolver.class);
              assertThat(context.getBean(ConnectionRequestResolver.class))
                  .isSameAs(OwnResolver.RESOLVER);
              String[] names =
                  context.getBeanNamesForType(
                      ResolvableType.forClassWithGenerics(
                          ServletRegistrationBean.class, RealtimeSseServlet.class));
              assertThat(names).containsExactly("realtimeSseServletRegistration");
            });
  }

  @Test
  void anInvalidPathFailsStartupNamingTheProperty() {
    runner
        .withPropertyValues("realtime.sse.path=events")
        .run(
            context ->
                assertThat(Failures.realtime(context.getStartupFailure()))
                    .hasMessageContaining("realtime.sse.path must be a path starting with '/'"));
    runner
        .withPropertyValues("realtime.sse.retry-after=2d")
        .run(
            context ->
                assertThat(Failures.realtime(context.getStartupFailure()))
                    .hasMessageContaining("realtime.sse.retry-after must be between"));
  }

  @Test
  void tomcatGetsAConnectionLimitCustomizerSizedFromTheCap() {
    runner
        .withPropertyValues(
            "realtime.max-connections=20000", "realtime.sse.connection-headroom=500")
        .run(
            context -> {
              TomcatConnectionLimit limit = context.getBean(TomcatConnectionLimit.class);
              org.apache.catalina.connector.Connector connector =
                  new org.apache.catalina.connector.Connector();
              limit.raise(connector);
              assertThat(
                      ((org.apache.coyote.AbstractProtocol<?>) connector.getProtocolHandler())
                          .getMaxConnections())
                  .isEqualTo(20_500);
            });
  }

  private static ServletRegistrationBean<?> registration(
      org.springframework.context.ApplicationContext context, String name) {
    return (ServletRegistrationBean<?>) context.getBean(name);
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnResolver {
    static final ConnectionRequestResolver RESOLVER = request -> ConnectionRequest.of("fixed");

    @Bean
    ConnectionRequestResolver ownResolver() {
      return RESOLVER;
    }
  }
}
