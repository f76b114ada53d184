package dev.realtime.backplane.hazelcast;

import static dev.realtime.backplane.hazelcast.Hubs.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.Hub;
import dev.realtime.Message;
import dev.realtime.servlet.ConnectionRequestResolver;
import dev.realtime.servlet.RealtimeSseServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes, each a hub behind its own embedded Jetty and each configured the way the quickstart
 * is, from {@code HAZELCAST_MEMBERS} and {@code HAZELCAST_PORT}: their embedded members form one
 * cluster, and a real HTTP client streaming from node B receives what is posted to node A.
 */
class TwoServersSseIT {
  private final TestCluster ports = new TestCluster(2); // only its free ports and cluster name
  private final Hubs hubs = new Hubs();
  private final List<Server> servers = new CopyOnWriteArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private CompletableFuture<HttpResponse<Stream<String>>> stream;

  @AfterEach
  void stop() throws Exception {
    if (stream != null) {
      stream.cancel(true);
      stream.thenAccept(r -> r.body().close());
    }
    try {
      for (Server s : servers) {
        s.stop();
      }
    } finally {
      hubs.close();
    }
  }

  @Test
  void sseClientOnNodeBReceivesMessagePostedToNodeA() throws Exception {
    URI nodeA = serve(hubs.startFromEnvironment("node-a", environment(0)).hub());
    URI nodeB = serve(hubs.startFromEnvironment("node-b", environment(1)).hub());
    List<String> lines = new CopyOnWriteArrayList<>();
    stream =
        http.sendAsync(
            HttpRequest.newBuilder(nodeB.resolve("/events?room=lobby")).GET().build(),
            HttpResponse.BodyHandlers.ofLines());
    HttpResponse<Stream<String>> response = stream.get();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    Thread reader =
        new Thread(
            () -> {
              try {
                response.body().forEach(lines::add);
              } catch (UncheckedIOException e) {
                // the stream was closed at the end of the test
              }
            },
            "sse-reader");
    reader.setDaemon(true);
    reader.start();

    // Node B listens to the room asynchronously: post until a probe comes through.
    eventually()
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              post(nodeA, "probe");
              return lines.contains("data: probe");
            });
    assertThat(post(nodeA, "hello from node A")).isEqualTo(202);

    eventually().until(() -> lines.contains("data: hello from node A"));
    int at = lines.indexOf("data: hello from node A");
    assertThat(lines.get(at - 1)).isEqualTo("event: message");
  }

  private Map<String, String> environment(int member) {
    return Map.of(
        "REALTIME_BACKPLANE", "hazelcast",
        "HAZELCAST_MEMBERS", String.join(",", ports.addresses()),
        "HAZELCAST_PORT", Integer.toString(ports.port(member)),
        "HAZELCAST_CLUSTER_NAME", ports.name());
  }

  private int post(URI node, String text) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(node.resolve("/rooms/lobby"))
                .POST(HttpRequest.BodyPublishers.ofString(text))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** Jetty on a free port with the SSE endpoint and a POST endpoint that broadcasts. */
  private URI serve(Hub hub) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    ServletHolder events =
        new ServletHolder(new RealtimeSseServlet(hub, ConnectionRequestResolver.queryParameters()));
    events.setAsyncSupported(true);
    context.addServlet(events, "/events");
    context.addServlet(new ServletHolder(new PostServlet(hub)), "/rooms/*");
    server.setHandler(context);
    servers.add(server);
    server.start();
    return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
  }

  /** {@code POST /rooms/NAME}: broadcasts the body as event {@code message}; answers 202. */
  private static final class PostServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Hub hub;

    PostServlet(Hub hub) {
      this.hub = hub;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      hub.broadcast(req.getPathInfo().substring(1), Message.of("message", body));
      resp.setStatus(202);
    }
  }
}
