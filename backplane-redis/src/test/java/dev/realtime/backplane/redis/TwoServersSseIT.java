package dev.realtime.backplane.redis;

import static dev.realtime.backplane.redis.Hubs.eventually;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes, each a hub behind its own embedded Jetty, sharing one Redis: a real HTTP client
 * streaming from node B receives what is posted to node A.
 */
class TwoServersSseIT {
  private RedisServer redis;
  private final Hubs hubs = new Hubs();
  private final List<Server> servers = new CopyOnWriteArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private CompletableFuture<HttpResponse<Stream<String>>> stream;

  @BeforeEach
  void startRedis() {
    redis = RedisServer.start();
  }

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
      try {
        hubs.close();
      } finally {
        redis.close();
      }
    }
  }

  @Test
  void sseClientOnNodeBReceivesMessagePostedToNodeA() throws Exception {
    URI nodeA = serve(hubs.start("node-a", RedisBackplane.create(redis.uri())).hub());
    URI nodeB = serve(hubs.start("node-b", RedisBackplane.create(redis.uri())).hub());
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

    // Node B subscribes to the room asynchronously: post until a probe comes through.
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
