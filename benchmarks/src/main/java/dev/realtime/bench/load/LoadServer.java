package dev.realtime.bench.load;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The server process of the load tool: {@code java -cp benchmarks.jar
 * dev.realtime.bench.load.LoadServer ours|baseline|bare}. Embedded Jetty 12 on a free loopback port
 * serving the mode's SSE endpoint at {@code /events?room=load&resource=...} and a control endpoint:
 *
 * <ul>
 *   <li>{@code POST /control/broadcast} — broadcasts the body as event {@code load} to room {@code
 *       load};
 *   <li>{@code GET /control/stats} — {@code name value} lines: connections, delivered, writes;
 *   <li>{@code GET /control/heap} — heap used after {@code System.gc()};
 *   <li>{@code GET /control/dump} — Jetty's component dump (buffer pool buckets, threads).
 * </ul>
 *
 * <p>Jetty runs with its defaults, as a host would, except that {@code
 * -Dload.jetty.bufferPoolFactor=N} gives it an {@code ArrayByteBufferPool} with buckets N bytes
 * apart instead of 4,096 (an experiment: see {@code benchmarks/RESULTS.md}).
 *
 * <p>It prints {@code LISTENING <port>} once it accepts connections and exits when its standard
 * input closes, so it never outlives the tool that started it, even one killed with SIGKILL.
 */
public final class LoadServer {
  static final String READY = "LISTENING ";
  static final String ROOM = "load";
  static final String EVENT = "load";

  /** What the control endpoint drives; one implementation per {@link ServerMode}. */
  interface Target {
    void broadcast(String room, String event, String data);

    long connections();

    long delivered();

    long writes();
  }

  private LoadServer() {}

  /**
   * Starts the server of the given mode and serves until standard input closes.
   *
   * @param args one of {@code ours}, {@code baseline}, {@code bare}
   * @throws Exception when Jetty cannot start
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: LoadServer ours|baseline|bare");
    }
    ServerMode mode = ServerMode.parse("mode", args[0]);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    Target target;
    HttpServlet events;
    switch (mode) {
      case OURS -> {
        OursTarget ours = new OursTarget();
        target = ours;
        events = ours.servlet();
      }
      case BASELINE -> {
        BaselineSseServlet baseline = new BaselineSseServlet();
        target = baseline;
        events = baseline;
      }
      default -> {
        BareSseServlet bare = new BareSseServlet();
        target = bare;
        events = bare;
      }
    }
    ServletHolder holder = new ServletHolder("events", events);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/events");
    Server server = server();
    context.addServlet(
        new ServletHolder("control", new ControlServlet(target, server)), "/control/*");

    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    connector.setAcceptQueueSize(4096);
    // Longer than any run: quiet streams of the bare and baseline servers send no heartbeats.
    connector.setIdleTimeout(3_600_000);
    server.addConnector(connector);
    server.setHandler(context);
    server.start();
    System.out.println(READY + connector.getLocalPort());
    System.out.flush();
    awaitStdinClosed(System.in);
    Runtime.getRuntime().halt(0); // no graceful drain of thousands of streams: the tool is done
  }

  private static Server server() {
    String factor = System.getProperty("load.jetty.bufferPoolFactor");
    if (factor == null) {
      return new Server();
    }
    return new Server(
        new QueuedThreadPool(), null, new ArrayByteBufferPool(0, Integer.parseInt(factor), 65536));
  }

  private static void awaitStdinClosed(InputStream in) {
    byte[] sink = new byte[64];
    try {
      while (in.read(sink) >= 0) {
        // the tool never writes; reading only detects its end
      }
    } catch (IOException e) {
      // a broken pipe means the same: the tool is gone
    }
  }

  /** The control endpoint; plain-text answers so the tool needs no JSON parser. */
  private static final class ControlServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Target target;
    private final transient Server server;

    ControlServlet(Target target, Server server) {
      this.target = target;
      this.server = server;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      if (!"/broadcast".equals(req.getPathInfo())) {
        resp.sendError(404);
        return;
      }
      String data = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      target.broadcast(ROOM, EVENT, data);
      text(resp, "ok\n");
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String path = req.getPathInfo();
      if ("/stats".equals(path)) {
        text(
            resp,
            "connections "
                + target.connections()
                + "\ndelivered "
                + target.delivered()
                + "\nwrites "
                + target.writes()
                + "\n");
      } else if ("/heap".equals(path)) {
        text(resp, "heapUsed " + heapAfterGc() + "\n");
      } else if ("/dump".equals(path)) {
        text(resp, server.dump());
      } else {
        resp.sendError(404);
      }
    }

    private static long heapAfterGc() {
      // Twice: the first full collection may leave objects whose finalization or reference
      // processing frees more in the second.
      System.gc();
      System.gc();
      return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void text(HttpServletResponse resp, String body) throws IOException {
      resp.setContentType("text/plain;charset=UTF-8");
      resp.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
  }
}
