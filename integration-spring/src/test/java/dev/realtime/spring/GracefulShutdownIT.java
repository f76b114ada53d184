package dev.realtime.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.Hub;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Closing the application ends open streams first, so Boot's graceful shutdown of the web server
 * has no request left to wait for. Without the drain, an SSE stream, which never ends by itself,
 * holds the shutdown for its whole {@code spring.lifecycle.timeout-per-shutdown-phase}.
 */
class GracefulShutdownIT {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  @Test
  void closingTheContextEndsStreamsLongBeforeTheShutdownTimeout() throws Exception {
    Duration took =
        closeWithOneOpenStream(
            TestApps.Plain.class, "spring.lifecycle.timeout-per-shutdown-phase=30s");

    // Behaviour, not a performance target: far less than the 30 s Boot would wait otherwise.
    assertThat(took).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void withoutTheDrainTheOpenStreamHoldsTheShutdownForTheWholeTimeout() throws Exception {
    // The counter-check: replacing the drain with a lifecycle that does nothing shows what the
    // drain is for (a short timeout keeps this test quick).
    Duration took =
        closeWithOneOpenStream(NoDrainApp.class, "spring.lifecycle.timeout-per-shutdown-phase=3s");

    assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
  }

  /**
   * Starts the app, opens one stream, closes the context and returns how long the close took, after
   * checking that the stream ended and no engine thread is left.
   */
  private static Duration closeWithOneOpenStream(Class<?> app, String timeout) throws Exception {
    ConfigurableApplicationContext context = start(app, timeout);
    Hub hub = context.getBean(Hub.class);
    Duration took;
    try (SseClient sse = SseClient.open(uri(context, "/events?room=lobby"))) {
      await().atMost(PATIENCE).until(() -> hub.stats().totalConnections() == 1);

      long start = System.nanoTime();
      context.close();
      took = Duration.ofNanos(System.nanoTime() - start);

      await().atMost(PATIENCE).until(sse::ended);
    }
    Threads.awaitNone("realtime-");
    return took;
  }

  private static ConfigurableApplicationContext start(Class<?> app, String timeout) {
    return new SpringApplicationBuilder(app)
        .properties("server.port=0", "server.shutdown=graceful", timeout)
        .run();
  }

  private static URI uri(ConfigurableApplicationContext context, String path) {
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** The plain application with the drain replaced by a lifecycle bean that does nothing. */
  @Configuration(proxyBeanMethods = false)
  static class NoDrainApp extends TestApps.Plain {
    @Bean
    SmartLifecycle realtimeShutdownLifecycle() {
      return new SmartLifecycle() {
        private volatile boolean running;

        @Override
        public void start() {
          running = true;
        }

        @Override
        public void stop() {
          running = false;
        }

        @Override
        public boolean isRunning() {
          return running;
        }
      };
    }
  }
}
