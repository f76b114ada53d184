package dev.realtime.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.junit.jupiter.api.Test;

/**
 * End to end through real HTTP: two nodes, each a hub on the backplane under test behind its own
 * embedded Jetty, and a real HTTP client streaming from node B receives what is posted to node A.
 * Subclasses start the hubs and whatever the backplane needs, and release them in {@link
 * #stopNodes()}, which runs after the HTTP servers have stopped.
 */
public abstract class TwoServersSseContract {
  private final List<Server> servers = new CopyOnWriteArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private CompletableFuture<HttpResponse<Stream<String>>> stream;

  /** For subclasses. */
  protected TwoServersSseContract() {}

  /**
   * Starts one node's hub on the backplane under test; the subclass closes it after the test.
   *
   * @param nodeId the node id ({@code node-a} or {@code node-b})
   * @return the running hub
   * @throws Exception when the node cannot start
   */
  protected abstract Hub startNode(String nodeId) throws Exception;

  /**
   * Closes the hubs and the backplane's infrastructure; runs after the servers stopped.
   *
   * @throws Exception when something fails to close
   */
  protected abstract void stopNodes() throws Exception;

  /**
   * How long delivery across nodes may take; default 20 s.
   *
   * @return the bound of every wait
   */
  protected Duration patience() {
    return Duration.ofSeconds(20);
  }

  @AfterEach
  void stopServers() throws Exception {
    if (stream != null) {
      stream.cancel(true);
      stream.thenAccept(r -> r.body().close());
    }
    try {
      for (Server s : servers) {
        s.stop();
      }
    } finally {
      stopNodes();
    }
  }

  @Test
  void sseClientOnNodeBReceivesMessagePostedToNodeA() throws Exception {
    URI nodeA = serve(startNode("node-a"));
    URI nodeB = serve(startNode("node-b"));
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
    await()
        .atMost(patience())
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              post(nodeA, "probe");
              return lines.contains("data: probe");
            });
    assertThat(post(nodeA, "hello from node A")).isEqualTo(202);

    await().atMost(patience()).until(() -> lines.contains("data: hello from node A"));
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
