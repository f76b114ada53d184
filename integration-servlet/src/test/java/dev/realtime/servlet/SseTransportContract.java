package dev.realtime.servlet;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.CloseReason;
import dev.realtime.Connection;
import dev.realtime.Hub;
import dev.realtime.HubListener;
import dev.realtime.Message;
import dev.realtime.RealtimeConfig;
import dev.realtime.SlowConsumerPolicy;
import dev.realtime.core.RealtimeHub;
import jakarta.servlet.http.HttpServlet;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SSE transport's behaviour against a real servlet container and a real HTTP client. Each
 * container's test class only says how to start that container.
 */
abstract class SseTransportContract {

  /** A started container serving the given servlets. */
  interface RunningServer {
    int port();

    void stop() throws Exception;

    /**
     * A server whose port is read from {@code port} on each call and which {@code stopper} stops.
     */
    static RunningServer of(IntSupplier port, AutoCloseable stopper) {
      return new RunningServer() {
        @Override
        public int port() {
          return port.getAsInt();
        }

        @Override
        public void stop() throws Exception {
          stopper.close();
        }
      };
    }
  }

  /**
   * Starts the container on a free port with each servlet mapped (async-enabled) at its path, with
   * an accept backlog large enough for a burst of 1,000 connects.
   */
  protected abstract RunningServer start(Map<String, HttpServlet> servletsByPath) throws Exception;

  /** Connection closes seen by the hub: resource and reason. */
  record Closed(String resource, CloseReason reason) {}

  private final Queue<Closed> closes = new ConcurrentLinkedQueue<>();
  private final Queue<Connection> opens = new ConcurrentLinkedQueue<>();
  private final List<AutoCloseable> cleanup = new ArrayList<>();
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private Hub hub;
  private RunningServer server;

  private static RealtimeConfig.Builder baseConfig() {
    return RealtimeConfig.builder()
        .heartbeatInterval(Duration.ofMillis(200))
        .sweepInterval(Duration.ofMillis(20));
  }

  private void startHub(RealtimeConfig config) throws Exception {
    hub =
        RealtimeHub.builder()
            .config(config)
            .listener(
                new HubListener() {
                  @Override
                  public void onOpen(Connection connection) {
                    opens.add(connection);
                  }

                  @Override
                  public void onClose(Connection connection, CloseReason reason) {
                    closes.add(new Closed(connection.resource(), reason));
                  }
                })
            .build();
    Map<String, HttpServlet> servlets = new LinkedHashMap<>();
    servlets.put("/sse", new RealtimeSseServlet(hub, ConnectionRequestResolver.queryParameters()));
    servlets.put(
        "/private",
        RealtimeSseServlet.builder(hub)
            .resolver(
                request -> {
                  throw new RequestRejectedException(401, "Sign in first");
                })
            .build());
    servlets.put("/stats", new StatsServlet(hub));
    servlets.put("/health", new HealthServlet(hub));
    server = start(servlets);
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (AutoCloseable c : cleanup) {
      c.close();
    }
    if (hub != null) {
      hub.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  private URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
  }

  private SseStream stream(String pathAndQuery, String... headers) {
    SseStream s = SseStream.open(client, uri(pathAndQuery), headers);
    cleanup.add(s);
    return s;
  }

  private HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(ofSeconds(10));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Duration ofSeconds(long s) {
    return Duration.ofSeconds(s);
  }

  /**
   * Waits until {@code n} connections are fully open. The stats count a connection as soon as it
   * holds a slot, before it has joined its rooms; onOpen comes after the joins, so a broadcast made
   * after this reaches every one of them.
   */
  private void awaitConnections(int n) {
    await()
        .atMost(ofSeconds(20))
        .until(() -> opens.size() == n && hub.stats().totalConnections() == n);
  }

  @Test
  void clientReceivesRetryAndBroadcast() throws Exception {
    startHub(baseConfig().build());
    SseStream s = stream("/sse?room=lobby");

    HttpResponse.ResponseInfo info = s.info().get(10, TimeUnit.SECONDS);
    assertThat(info.statusCode()).isEqualTo(200);
    assertThat(info.headers().firstValue("Content-Type").orElseThrow().replace(" ", ""))
        .isEqualToIgnoringCase("text/event-stream;charset=UTF-8");
    assertThat(info.headers().firstValue("Cache-Control")).contains("no-cache");
    assertThat(info.headers().firstValue("X-Accel-Buffering")).contains("no");
    await().until(() -> s.lines().contains("retry: 3000"));
    awaitConnections(1);

    hub.broadcast("lobby", Message.of("greeting", "hello"));

    await().until(() -> containsInOrder(s.lines(), "event: greeting", "data: hello"));
  }

  private static boolean containsInOrder(List<String> lines, String first, String second) {
    int i = lines.indexOf(first);
    return i >= 0 && i + 1 < lines.size() && lines.get(i + 1).equals(second);
  }

  @Test
  void lastEventIdAndRoomsReachTheConnection() throws Exception {
    startHub(baseConfig().build());
    stream("/sse?resource=user-7&room=a&room=b", "Last-Event-ID", "41");
    awaitConnections(1);

    Connection connection = opens.peek();
    assertThat(connection.resource()).isEqualTo("user-7");
    assertThat(connection.rooms()).containsExactlyInAnyOrder("a", "b");
    assertThat(connection.lastEventId()).contains("41");
  }

  @Test
  void heartbeatsArrive() throws Exception {
    startHub(baseConfig().heartbeatInterval(Duration.ofMillis(100)).build());
    SseStream s = stream("/sse?resource=user-42");

    await().until(() -> s.lines().stream().filter(": hb"::equals).count() >= 3);
  }

  @Test
  void disconnectedClientFreesItsSlot() throws Exception {
    startHub(baseConfig().build());
    SseStream s = stream("/sse?resource=user-42&room=lobby");
    awaitConnections(1);
    await().until(() -> s.lines().contains("retry: 3000"));

    s.close();

    await().atMost(ofSeconds(5)).until(() -> hub.stats().totalConnections() == 0);
    assertThat(closes).containsExactly(new Closed("user-42", CloseReason.CLIENT_GONE));
  }

  @Test
  void fullResourceIsAnswered429WithRetryAfterAndJson() throws Exception {
    startHub(baseConfig().maxConnectionsPerResource(2).build());
    stream("/sse?resource=doctor-123");
    stream("/sse?resource=doctor-123");
    awaitConnections(2);

    HttpResponse<String> third = get("/sse?resource=doctor-123");

    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(third.headers().firstValue("Retry-After")).contains("5");
    assertThat(third.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/json");
    assertThat(third.body())
        .startsWith("{\"error\":\"Connection limit reached for resource: doctor-123 (2/2)")
        .contains(
            "\"reason\":\"RESOURCE_LIMIT\"",
            "\"resource\":\"doctor-123\"",
            "\"current\":2",
            "\"limit\":2");
    assertThat(hub.stats().totalConnections()).isEqualTo(2);
  }

  @Test
  void originIsCheckedExactlyBeforeTakingASlot() throws Exception {
    startHub(baseConfig().allowedOrigins(Set.of("https://app.example.com")).build());

    for (String origin : List.of("https://evil.example.com", "https://app.example.com.evil.test")) {
      HttpResponse<String> refused = get("/sse?resource=r1", "Origin", origin);
      assertThat(refused.statusCode()).as(origin).isEqualTo(403);
      assertThat(refused.body()).isEqualTo("{\"error\":\"Origin not allowed\"}");
    }
    assertThat(opens).isEmpty();
    assertThat(hub.stats().totalConnections()).isZero();

    SseStream allowed = stream("/sse?resource=r1", "Origin", "https://app.example.com");
    HttpResponse.ResponseInfo info = allowed.info().get(10, TimeUnit.SECONDS);
    assertThat(info.statusCode()).isEqualTo(200);
    assertThat(info.headers().firstValue("Access-Control-Allow-Origin"))
        .contains("https://app.example.com");
    awaitConnections(1);
  }

  @Test
  void resolverRejectionsAreAnsweredWithTheirStatus() throws Exception {
    startHub(baseConfig().build());

    HttpResponse<String> missing = get("/sse");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("resource").startsWith("{\"error\":");

    HttpResponse<String> invalid = get("/sse?resource=a%01b");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(invalid.body()).contains("control characters");

    HttpResponse<String> unauthorized = get("/private?resource=r1");
    assertThat(unauthorized.statusCode()).isEqualTo(401);
    assertThat(unauthorized.body()).isEqualTo("{\"error\":\"Sign in first\"}");
    assertThat(opens).isEmpty();
  }

  @Test
  void stalledReaderIsDisconnectedWhileFastClientGetsEverythingInOrder() throws Exception {
    startHub(
        baseConfig()
            .maxQueuedBytesPerConnection(256 << 10)
            .slowConsumerPolicy(SlowConsumerPolicy.DISCONNECT)
            .build());
    SseStream fast = stream("/sse?resource=fast&room=feed");
    Socket stalled = new Socket();
    cleanup.add(stalled);
    stalled.setReceiveBufferSize(4096); // before connect, so the TCP window stays small
    stalled.connect(new InetSocketAddress("127.0.0.1", server.port()));
    OutputStream out = stalled.getOutputStream();
    out.write(
        "GET /sse?resource=stalled&room=feed HTTP/1.1\r\nHost: localhost\r\n\r\n"
            .getBytes(US_ASCII));
    out.flush(); // ...and never read
    awaitConnections(2);

    String padding = "x".repeat(32 << 10);
    int sent = 0;
    // Pace by the fast client so only the stalled one can fall behind; 3,000 x 32 KiB is far more
    // than socket buffers and the 256 KiB queue can hold.
    while (!closes.contains(new Closed("stalled", CloseReason.SLOW_CONSUMER)) && sent < 3_000) {
      hub.broadcast("feed", Message.of("big", sent + ":" + padding));
      awaitData(fast, ++sent);
    }
    assertThat(closes).containsExactly(new Closed("stalled", CloseReason.SLOW_CONSUMER));
    for (int i = 0; i < 5; i++) {
      hub.broadcast("feed", Message.of("big", sent + ":" + padding));
      awaitData(fast, ++sent);
    }

    List<String> expected = IntStream.range(0, sent).mapToObj(i -> i + ":").toList();
    assertThat(fast.data().stream().map(d -> d.substring(0, d.indexOf(':') + 1)).toList())
        .isEqualTo(expected);
    assertThat(hub.stats().totalConnections()).isEqualTo(1);
  }

  private static void awaitData(SseStream s, int count) {
    await()
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(1))
        .atMost(ofSeconds(10))
        .until(() -> s.dataCount() >= count);
  }

  @Test
  void thousandConcurrentStreamsAllReceiveOneBroadcast() throws Exception {
    int n = 1_000;
    startHub(baseConfig().heartbeatInterval(Duration.ofSeconds(5)).maxConnections(2 * n).build());
    List<SseStream> streams = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      // One resource per stream, so a stream that misses the message can be told apart at the hub.
      streams.add(stream("/sse?resource=crowd-" + i + "&room=all"));
    }
    awaitConnections(n);

    hub.broadcast("all", Message.of("news", "everyone"));

    await()
        .atMost(ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        IntStream.range(0, n)
                            .filter(i -> !streams.get(i).data().contains("everyone"))
                            .mapToObj(i -> describe("crowd-" + i, streams.get(i)))
                            .limit(5)
                            .toList())
                    .isEmpty());
  }

  /** What the client and the hub know about one stream, for failure messages. */
  private String describe(String resource, SseStream s) {
    String atHub =
        opens.stream()
            .filter(c -> c.resource().equals(resource))
            .map(c -> "open=" + c.isOpen() + " queuedBytes=" + c.queuedBytes())
            .findFirst()
            .orElse("never opened");
    return resource
        + " [client: ended="
        + s.ended().isDone()
        + " lines="
        + s.lines()
        + "; hub: "
        + atHub
        + "]";
  }

  @Test
  void statsAndHealthAreServedAsJson() throws Exception {
    startHub(baseConfig().build());
    stream("/sse?resource=doctor-1&room=waiting");
    awaitConnections(1);

    HttpResponse<String> stats = get("/stats");
    assertThat(stats.statusCode()).isEqualTo(200);
    assertThat(stats.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/json");
    assertThat(stats.body())
        .startsWith("{\"totalConnections\":1,")
        .contains(
            "\"resourceCount\":1",
            "\"maxConnectionsPerResource\":100",
            "\"connectionTimeout\":1800000",
            "\"utilizationPercent\":1.0",
            "\"capacityRemaining\":99",
            "\"maxConnections\":10000",
            "\"roomCount\":1",
            "\"connectionsPerResource\":{\"doctor-1\":1}",
            "\"backplane\":\"local\"",
            "\"backplaneState\":\"UP\"");

    HttpResponse<String> health = get("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).startsWith("{\"status\":\"UP\",\"backplane\":{\"name\":\"local\"");
  }

  @Test
  void closingTheHubEndsStreamsAndRefusesNewOnesWith503() throws Exception {
    startHub(baseConfig().build());
    SseStream s = stream("/sse?resource=r1");
    awaitConnections(1);

    hub.close();

    s.ended().get(10, TimeUnit.SECONDS);
    assertThat(closes).containsExactly(new Closed("r1", CloseReason.SHUTDOWN));
    HttpResponse<String> refused = get("/sse?resource=r1");
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).contains("5");
    assertThat(refused.body()).contains("\"reason\":\"SHUTTING_DOWN\"");
  }
}
