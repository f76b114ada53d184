package dev.realtime.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** Boot applications the integration tests start. */
final class TestApps {
  private TestApps() {}

  /**
   * An application with no code and no configuration of its own: the library comes from the jar.
   * Spring Security is on this module's test classpath for {@link SecurityPrincipalIT}; this
   * application leaves it out, as an application without Spring Security would be.
   */
  @SpringBootConfiguration
  @EnableAutoConfiguration(
      excludeName = {
        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"
      })
  static class Plain {}
}
