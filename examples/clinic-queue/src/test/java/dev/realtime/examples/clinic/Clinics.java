package dev.realtime.examples.clinic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.RealtimeConfig;
import dev.realtime.tck.SseEvent;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Settings and checks the clinic's integration tests share. */
final class Clinics {
  static final Duration WAIT = Duration.ofSeconds(30);

  private Clinics() {}

  /**
   * Settings for a test instance: the given database and Redis variables, short heartbeats (a
   * server learns that a client left only when it next writes to it) and a quick shutdown.
   */
  static ClinicSettings settings(Map<String, String> env) {
    return ClinicSettings.fromEnvironment(env)
        .withRealtime(
            RealtimeConfig.fromEnvironment(env).toBuilder()
                .heartbeatInterval(Duration.ofMillis(200))
                .sweepInterval(Duration.ofMillis(50))
                .shutdownTimeout(Duration.ofSeconds(2))
                .build());
  }

  /** The queue documents a dashboard received, as JSON text, in order. */
  static List<String> queues(SseClient dashboard) {
    return dashboard.events(DoctorsServlet.EVENT).stream().map(SseEvent::data).toList();
  }

  /**
   * Closes the server and checks that it let go of everything: the port refuses connections, the
   * pool is closed, and no thread of the instance (all are named after its node id) is left.
   */
  static void closeAndCheckReleased(ClinicServer server) {
    String node = server.hub().nodeId();
    server.close();
    assertThat(server.store().isClosed()).isTrue();
    assertThat(refused(server.port())).as("port %s refuses connections", server.port()).isTrue();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(Thread.getAllStackTraces().keySet())
                    .extracting(Thread::getName)
                    .noneMatch(name -> name.contains(node)));
  }

  private static boolean refused(int port) {
    try {
      new Socket("127.0.0.1", port).close();
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
