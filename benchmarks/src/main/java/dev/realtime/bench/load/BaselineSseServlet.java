package dev.realtime.bench.load;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * The naive baseline, as the field guides hand-roll it with {@code SseEmitter}: a {@code
 * ConcurrentHashMap<String, CopyOnWriteArrayList<AsyncContext>>} of subscribers per room and, per
 * broadcast, in the broadcasting thread, for each subscriber: encode the event, write it and flush
 * it (a blocking write, one socket write per frame). Like {@code SseEmitter.send}, each subscriber
 * is locked while it is written to, so concurrent broadcasts do not interleave bytes.
 */
final class BaselineSseServlet extends HttpServlet implements LoadServer.Target {
  private static final long serialVersionUID = 1L;

  private final transient ConcurrentHashMap<String, CopyOnWriteArrayList<AsyncContext>> rooms =
      new ConcurrentHashMap<>();
  private final transient LongAdder delivered = new LongAdder();
  private final transient LongAdder writes = new LongAdder();
  private final transient LongAdder open = new LongAdder();

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String room = req.getParameter("room");
    if (room == null || room.isEmpty()) {
      resp.sendError(400, "room is required");
      return;
    }
    resp.setContentType("text/event-stream;charset=UTF-8");
    resp.setHeader("Cache-Control", "no-cache");
    AsyncContext async = req.startAsync();
    async.setTimeout(0);
    CopyOnWriteArrayList<AsyncContext> subscribers =
        rooms.computeIfAbsent(room, r -> new CopyOnWriteArrayList<>());
    async.addListener(new Unsubscribe(subscribers, async));
    resp.flushBuffer(); // commit the head so the client sees the stream open
    subscribers.add(async);
    open.increment();
  }

  @Override
  public void broadcast(String room, String event, String data) {
    List<AsyncContext> subscribers = rooms.get(room);
    if (subscribers == null) {
      return;
    }
    for (AsyncContext subscriber : subscribers) {
      try {
        synchronized (subscriber) {
          byte[] frame =
              ("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
          ServletOutputStream out = subscriber.getResponse().getOutputStream();
          out.write(frame);
          out.flush();
          writes.increment();
        }
        delivered.increment();
      } catch (IOException | IllegalStateException e) {
        drop(subscribers, subscriber);
      }
    }
  }

  private void drop(List<AsyncContext> subscribers, AsyncContext subscriber) {
    if (subscribers.remove(subscriber)) {
      open.decrement();
      try {
        subscriber.complete();
      } catch (IllegalStateException alreadyDone) {
        // the container ended it first
      }
    }
  }

  @Override
  public long connections() {
    return open.sum();
  }

  @Override
  public long delivered() {
    return delivered.sum();
  }

  @Override
  public long writes() {
    return writes.sum();
  }

  /** Removes a subscriber whose request ended. */
  private final class Unsubscribe implements AsyncListener {
    private final List<AsyncContext> subscribers;
    private final AsyncContext async;

    Unsubscribe(List<AsyncContext> subscribers, AsyncContext async) {
      this.subscribers = subscribers;
      this.async = async;
    }

    @Override
    public void onComplete(AsyncEvent event) {
      if (subscribers.remove(async)) {
        open.decrement();
      }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      drop(subscribers, async);
    }

    @Override
    public void onError(AsyncEvent event) {
      drop(subscribers, async);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      // one async cycle per stream
    }
  }
}
