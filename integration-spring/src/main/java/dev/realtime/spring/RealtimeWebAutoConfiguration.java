package dev.realtime.spring;

import dev.realtime.Hub;
import dev.realtime.RealtimeConfig;
import dev.realtime.servlet.ConnectionRequestResolver;
import dev.realtime.servlet.RealtimeSseServlet;
import dev.realtime.servlet.StatsServlet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The web part in a servlet application: the SSE endpoint at {@code realtime.sse.path} (default
 * {@code /events}), the stats endpoint at {@code realtime.sse.stats-path} (default {@code
 * /api/sse/stats}), the {@link ConnectionRequestResolver} hook (the application's bean, else {@link
 * ConnectionRequestResolver#queryParameters()}, which takes the principal from {@code
 * request.getUserPrincipal()}, as Spring Security sets it), and on Tomcat a connector limit that
 * fits {@code realtime.max-connections}. {@code realtime.sse.enabled=false} turns it all off.
 */
@AutoConfiguration(after = RealtimeAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "jakarta.servlet.http.HttpServlet")
@ConditionalOnBean(Hub.class)
@ConditionalOnProperty(
    prefix = "realtime.sse",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
@EnableConfigurationProperties(RealtimeSseProperties.class)
public final class RealtimeWebAutoConfiguration {

  /** For Spring. */
  public RealtimeWebAutoConfiguration() {}

  /**
   * Maps requests to connections: trusts the query string ({@code resource}, else the first {@code
   * room}; every {@code room} is joined) and takes the authenticated user as principal. Define a
   * bean of your own to decide who may listen to what.
   *
   * @return the resolver
   */
  @Bean
  @ConditionalOnMissingBean
  public ConnectionRequestResolver realtimeConnectionRequestResolver() {
    return ConnectionRequestResolver.queryParameters();
  }

  /**
   * The SSE endpoint, async-enabled.
   *
   * @param hub the hub
   * @param resolver the resolver
   * @param properties the web properties
   * @return the registration
   */
  @Bean
  @ConditionalOnMissingBean(name = "realtimeSseServletRegistration")
  public ServletRegistrationBean<RealtimeSseServlet> realtimeSseServletRegistration(
      Hub hub, ConnectionRequestResolver resolver, RealtimeSseProperties properties) {
    RealtimeSseServlet servlet;
    try {
      servlet =
          RealtimeSseServlet.builder(hub)
              .resolver(resolver)
              .retryAfter(properties.getRetryAfter())
              .responseBufferSize(
                  (int) Math.min(Integer.MAX_VALUE, properties.getResponseBufferSize().toBytes()))
              .build();
    } catch (IllegalArgumentException e) {
      throw new RealtimeConfigurationException(
          "Invalid realtime configuration: "
              + e.getMessage()
                  .replace("retryAfter", "realtime.sse.retry-after")
                  .replace("responseBufferSize", "realtime.sse.response-buffer-size"),
          "Change realtime.sse.retry-after or realtime.sse.response-buffer-size.",
          e);
    }
    ServletRegistrationBean<RealtimeSseServlet> registration =
        new ServletRegistrationBean<>(servlet, path("realtime.sse.path", properties.getPath()));
    registration.setName("realtimeSse");
    registration.setAsyncSupported(true); // streams never hold a container thread
    return registration;
  }

  /**
   * The stats endpoint. It lists resource keys: protect it like an admin page, or turn it off with
   * {@code realtime.sse.stats-enabled=false}.
   *
   * @param hub the hub
   * @param properties the web properties
   * @return the registration
   */
  @Bean
  @ConditionalOnMissingBean(name = "realtimeStatsServletRegistration")
  @ConditionalOnProperty(
      prefix = "realtime.sse",
      name = "stats-enabled",
      havingValue = "true",
      matchIfMissing = true)
  public ServletRegistrationBean<StatsServlet> realtimeStatsServletRegistration(
      Hub hub, RealtimeSseProperties properties) {
    ServletRegistrationBean<StatsServlet> registration =
        new ServletRegistrationBean<>(
            new StatsServlet(hub), path("realtime.sse.stats-path", properties.getStatsPath()));
    registration.setName("realtimeStats");
    return registration;
  }

  private static String path(String property, String path) {
    if (path == null || !path.startsWith("/") || path.chars().anyMatch(Character::isWhitespace)) {
      throw new RealtimeConfigurationException(
          "Invalid realtime configuration: "
              + property
              + " must be a path starting with '/', without spaces, was '"
              + path
              + "'",
          "Set " + property + " to a path such as /events.",
          null);
    }
    return path;
  }

  /** Raises Tomcat's connection limit when Tomcat is the server. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = {
        "org.apache.catalina.startup.Tomcat",
        "org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory"
      })
  static final class TomcatConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "realtimeTomcatConnectionLimit")
    TomcatConnectionLimit realtimeTomcatConnectionLimit(
        ObjectProvider<RealtimeConfig> config, RealtimeSseProperties properties) {
      RealtimeConfig c = config.getIfAvailable(RealtimeConfig::defaults);
      return new TomcatConnectionLimit(c.maxConnections(), properties.getConnectionHeadroom());
    }
  }
}
