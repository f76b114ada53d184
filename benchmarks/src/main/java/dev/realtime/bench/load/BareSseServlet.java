package dev.realtime.bench.load;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Holds each request open and does nothing else: reads the query, commits the SSE response head and
 * keeps the async request. The heap it takes per connection is the container's own cost, which the
 * library's and the baseline's numbers are compared against.
 */
final class BareSseServlet extends HttpServlet implements LoadServer.Target {
  private static final long serialVersionUID = 1L;

  private final transient LongAdder open = new LongAdder();

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    // Every SSE endpoint reads its query (room, resource); the container keeps the parsed fields
    // for the life of the request, so that is the container's cost, counted here too.
    if (req.getParameter("room") == null) {
      resp.sendError(400, "room is required");
      return;
    }
    resp.setContentType("text/event-stream;charset=UTF-8");
    resp.setHeader("Cache-Control", "no-cache");
    AsyncContext async = req.startAsync();
    async.setTimeout(0);
    async.addListener(
        new AsyncListener() {
          @Override
          public void onComplete(AsyncEvent event) {
            open.decrement();
          }

          @Override
          public void onTimeout(AsyncEvent event) {
            async.complete();
          }

          @Override
          public void onError(AsyncEvent event) {
            async.complete();
          }

          @Override
          public void onStartAsync(AsyncEvent event) {
            // one async cycle per stream
          }
        });
    open.increment();
    resp.flushBuffer();
  }

  @Override
  public void broadcast(String room, String event, String data) {
    throw new UnsupportedOperationException("the bare server does not broadcast");
  }

  @Override
  public long connections() {
    return open.sum();
  }

  @Override
  public long delivered() {
    return 0;
  }

  @Override
  public long writes() {
    return 0;
  }
}
