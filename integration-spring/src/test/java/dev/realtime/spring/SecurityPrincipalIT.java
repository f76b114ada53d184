package dev.realtime.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.Connection;
import dev.realtime.Hub;
import dev.realtime.HubListener;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.annotation.DirtiesContext;

/**
 * With Spring Security in front (HTTP basic), the default resolver takes the authenticated user as
 * the connection's principal: {@code request.getUserPrincipal()} is what Security's request wrapper
 * exposes. Unauthenticated clients never reach the hub.
 */
@SpringBootTest(
    classes = SecurityPrincipalIT.SecuredApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "realtime.heartbeat-interval=200ms")
@DirtiesContext
class SecurityPrincipalIT {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  @LocalServerPort int port;
  @Autowired Hub hub;
  @Autowired SecuredApp app;

  @Test
  void theAuthenticatedUserIsTheConnectionsPrincipal() throws Exception {
    String basic =
        "Basic "
            + Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));
    try (SseClient sse = SseClient.open(uri("/events?room=lobby"), "Authorization", basic)) {
      assertThat(sse.status()).isEqualTo(200);
      await().atMost(PATIENCE).until(() -> !app.opened.isEmpty());
      Connection connection = app.opened.get(0);
      assertThat(connection.principal()).contains("alice");
      assertThat(connection.rooms()).containsExactly("lobby");
      assertThat(hub.connection(connection.id())).isPresent();
    }
  }

  @Test
  void anAnonymousClientIsRefusedBeforeItTakesASlot() throws Exception {
    int before = app.opened.size();
    try (SseClient sse = SseClient.open(uri("/events?room=lobby"))) {
      assertThat(sse.status()).isEqualTo(401);
    }
    assertThat(app.opened).hasSize(before);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** Every request needs a user; HTTP basic against one in-memory user. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class SecuredApp {
    final List<Connection> opened = new CopyOnWriteArrayList<>();

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
          .httpBasic(Customizer.withDefaults())
          .build();
    }

    @Bean
    UserDetailsService users() {
      return new InMemoryUserDetailsManager(
          User.withUsername("alice").password("{noop}secret").roles("USER").build());
    }

    @Bean
    HubListener recordOpened() {
      return new HubListener() {
        @Override
        public void onOpen(Connection connection) {
          opened.add(connection);
        }
      };
    }
  }
}
