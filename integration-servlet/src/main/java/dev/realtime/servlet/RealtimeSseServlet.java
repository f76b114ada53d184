package dev.realtime.servlet;

import dev.realtime.CloseReason;
import dev.realtime.Connection;
import dev.realtime.ConnectionRejectedException;
import dev.realtime.ConnectionRequest;
import dev.realtime.Hub;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The Server-Sent Events endpoint: each {@code GET} becomes one hub connection streamed over
 * Servlet 6 async non-blocking I/O, so no container thread ever waits on a slow client.
 *
 * <p>Per request, in this order: the {@code Origin} header is checked against {@link
 * dev.realtime.RealtimeConfig#allowedOrigins()} (exact match; 403 otherwise), the {@link
 * ConnectionRequestResolver} maps the request to resource, rooms and principal (its {@link
 * RequestRejectedException} becomes that status), and only then the hub is asked for a slot. A full
 * resource or node is answered {@code 429} with {@code Retry-After}, a shutting-down hub {@code
 * 503}; both with a JSON body naming the reason, resource and counts. Error bodies are JSON.
 *
 * <p>Register it with {@code asyncSupported=true}. Keep the hub's heartbeat interval below the
 * container's idle timeout (Jetty: 30 s by default), or the container may drop quiet streams.
 */
public final class RealtimeSseServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final System.Logger LOG = System.getLogger(RealtimeSseServlet.class.getName());

  /** Servlets are serializable by contract, but a live hub is not: it is never restored. */
  private final transient Hub hub;

  private final transient ConnectionRequestResolver resolver;
  private final long retryAfterSeconds;
  private final int responseBufferSize;

  /**
   * An endpoint with the default options: {@code Retry-After: 5} and a 2 KiB response buffer.
   *
   * @param hub the hub that holds the connections
   * @param resolver maps requests to connection requests; see {@link
   *     ConnectionRequestResolver#queryParameters()}
   */
  public RealtimeSseServlet(Hub hub, ConnectionRequestResolver resolver) {
    this(builder(hub).resolver(resolver));
  }

  private RealtimeSseServlet(Builder b) {
    this.hub = b.hub;
    this.resolver = b.resolver;
    this.retryAfterSeconds = b.retryAfter.toSeconds();
    this.responseBufferSize = b.responseBufferSize;
  }

  /**
   * A builder for an endpoint on the given hub, starting from the defaults (the {@link
   * ConnectionRequestResolver#queryParameters()} resolver, {@code Retry-After: 5}, a 2 KiB buffer).
   *
   * @param hub the hub that holds the connections
   * @return a new builder
   */
  public static Builder builder(Hub hub) {
    return new Builder(hub);
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    // The Origin check comes first so a cross-site page can neither take a slot nor probe the
    // resolver.
    if (!originAllowed(req, resp)) {
      Json.send(resp, HttpServletResponse.SC_FORBIDDEN, Json.error("Origin not allowed"));
      return;
    }
    ConnectionRequest request;
    try {
      request = resolver.resolve(req);
    } catch (RequestRejectedException e) {
      Json.send(resp, e.status(), Json.error(e.getMessage()));
      return;
    } catch (IllegalArgumentException e) {
      // A custom resolver building a request from invalid client input.
      Json.send(resp, HttpServletResponse.SC_BAD_REQUEST, Json.error(e.getMessage()));
      return;
    }
    if (!req.isAsyncSupported()) {
      LOG.log(Level.ERROR, "RealtimeSseServlet must be registered with asyncSupported=true");
      Json.send(resp, 500, Json.error("SSE endpoint is not async-enabled"));
      return;
    }
    // A small buffer keeps heap per idle stream low; frames larger than it go straight through.
    resp.setBufferSize(responseBufferSize);
    AsyncContext async = req.startAsync();
    async.setTimeout(0); // the hub owns timeouts (absolute, idle, heartbeats)
    ServletOutlet outlet = new ServletOutlet(async, resp.getOutputStream());
    async.addListener(outlet);
    Connection connection;
    try {
      connection = hub.open(request, outlet);
    } catch (ConnectionRejectedException e) {
      // The hub logged the rejection already; the client gets the same facts as JSON.
      reject(resp, e);
      async.complete();
      return;
    } catch (IllegalArgumentException e) {
      // e.g. more rooms than maxRoomsPerConnection
      Json.send(resp, HttpServletResponse.SC_BAD_REQUEST, Json.error(e.getMessage()));
      async.complete();
      return;
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "Could not open SSE connection", e);
      Json.send(resp, 500, Json.error("Could not open connection"));
      async.complete();
      return;
    }
    // Headers may be set after open: the hub cannot write before the first onWritePossible, and
    // a close by the hub in between takes effect only once this dispatch returns.
    resp.setStatus(HttpServletResponse.SC_OK);
    resp.setContentType("text/event-stream;charset=UTF-8");
    resp.setHeader("Cache-Control", "no-cache");
    resp.setHeader("X-Accel-Buffering", "no"); // nginx: do not buffer the stream
    outlet.attach(connection);
    try {
      // From here the container calls onWritePossible, which lets the hub write.
      resp.getOutputStream().setWriteListener(outlet);
    } catch (IllegalStateException e) {
      // The request ended while we were setting up.
      connection.close(CloseReason.CLIENT_GONE);
    }
  }

  /** HEAD would hold a slot for a body nobody reads. */
  @Override
  protected void doHead(HttpServletRequest req, HttpServletResponse resp) {
    resp.setHeader("Allow", "GET");
    resp.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
  }

  /**
   * Checks {@code Origin} against the allowlist and, for a listed origin, adds the CORS headers a
   * cross-origin {@code EventSource} needs. A request without {@code Origin} is not a cross-site
   * browser request (browsers send it on every cross-origin one), so it passes.
   */
  private boolean originAllowed(HttpServletRequest req, HttpServletResponse resp) {
    Set<String> allowed = hub.config().allowedOrigins();
    String origin = req.getHeader("Origin");
    if (allowed.isEmpty() || origin == null) {
      return true;
    }
    if (!allowed.contains(origin)) {
      return false;
    }
    resp.setHeader("Access-Control-Allow-Origin", origin);
    resp.setHeader("Access-Control-Allow-Credentials", "true");
    resp.addHeader("Vary", "Origin");
    return true;
  }

  private void reject(HttpServletResponse resp, ConnectionRejectedException e) throws IOException {
    boolean shuttingDown = e.reason() == ConnectionRejectedException.Reason.SHUTTING_DOWN;
    int status = shuttingDown ? HttpServletResponse.SC_SERVICE_UNAVAILABLE : 429;
    // Both are temporary: tell well-behaved clients when to come back instead of hammering.
    resp.setHeader("Retry-After", Long.toString(retryAfterSeconds));
    Json.send(
        resp,
        status,
        Json.error(e.getMessage())
            .field("reason", e.reason().name())
            .field("resource", e.resource())
            .field("current", e.current())
            .field("limit", e.limit()));
  }

  /** Options of a {@link RealtimeSseServlet}. */
  public static final class Builder {
    private final Hub hub;
    private ConnectionRequestResolver resolver = ConnectionRequestResolver.queryParameters();
    private Duration retryAfter = Duration.ofSeconds(5);
    private int responseBufferSize = 2048;

    private Builder(Hub hub) {
      this.hub = Objects.requireNonNull(hub, "hub");
    }

    /**
     * Sets how requests map to connections; this is where the host authorizes.
     *
     * @param resolver the resolver
     * @return this builder
     */
    public Builder resolver(ConnectionRequestResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * Sets the {@code Retry-After} sent with 429 and 503 answers (default 5 s).
     *
     * @param retryAfter whole seconds, 0 to 1 day
     * @return this builder
     */
    public Builder retryAfter(Duration retryAfter) {
      Objects.requireNonNull(retryAfter, "retryAfter");
      if (retryAfter.isNegative() || retryAfter.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException(
            "retryAfter must be between PT0S and PT24H, was " + retryAfter);
      }
      this.retryAfter = retryAfter;
      return this;
    }

    /**
     * Sets the response buffer per stream (default 2,048 bytes). Small keeps idle streams cheap;
     * frames are flushed once per batch regardless.
     *
     * @param bytes 256 to 1 MiB
     * @return this builder
     */
    public Builder responseBufferSize(int bytes) {
      if (bytes < 256 || bytes > 1 << 20) {
        throw new IllegalArgumentException(
            "responseBufferSize must be between 256 and 1048576, was " + bytes);
      }
      this.responseBufferSize = bytes;
      return this;
    }

    /**
     * Builds the servlet.
     *
     * @return the servlet, to register with {@code asyncSupported=true}
     */
    public RealtimeSseServlet build() {
      return new RealtimeSseServlet(this);
    }
  }
}
