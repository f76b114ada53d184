package dev.realtime.servlet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One SSE stream read by the JDK {@link HttpClient} without blocking a thread per stream: every
 * line goes to {@link #lines()} as it arrives (long lines are cut to {@value #KEEP} characters to
 * spare memory). {@link #close()} cancels the body, which makes the client drop the connection.
 */
final class SseStream implements Flow.Subscriber<String>, AutoCloseable {
  static final int KEEP = 64;

  private final CompletableFuture<HttpResponse.ResponseInfo> info = new CompletableFuture<>();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private final List<String> lines = new ArrayList<>();
  private final AtomicInteger dataLines = new AtomicInteger();
  private volatile Flow.Subscription subscription;
  private volatile boolean cancelled;

  private SseStream() {}

  static SseStream open(HttpClient client, URI uri, String... headers) {
    SseStream stream = new SseStream();
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
    if (headers.length > 0) {
      request.headers(headers);
    }
    client
        .sendAsync(
            request.build(),
            responseInfo -> {
              stream.info.complete(responseInfo);
              return BodySubscribers.fromLineSubscriber(stream);
            })
        .whenComplete(
            (response, failure) -> {
              if (failure != null) {
                stream.info.completeExceptionally(failure);
                stream.ended.complete(null);
              }
            });
    return stream;
  }

  /** Status and headers, once they arrived. */
  CompletableFuture<HttpResponse.ResponseInfo> info() {
    return info;
  }

  /** Completes when the server ended the body (or the exchange failed). */
  CompletableFuture<Void> ended() {
    return ended;
  }

  /** A snapshot of the lines received so far. */
  List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** How many {@code data:} lines arrived. */
  int dataCount() {
    return dataLines.get();
  }

  /** The {@code data:} lines received so far, without the field name. */
  List<String> data() {
    return lines().stream()
        .filter(l -> l.startsWith("data: "))
        .map(l -> l.substring("data: ".length()))
        .toList();
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (cancelled) {
      s.cancel();
    } else {
      s.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(String line) {
    synchronized (lines) {
      lines.add(line.length() > KEEP ? line.substring(0, KEEP) : line);
    }
    if (line.startsWith("data:")) {
      dataLines.incrementAndGet();
    }
  }

  @Override
  public void onError(Throwable t) {
    ended.complete(null);
  }

  @Override
  public void onComplete() {
    ended.complete(null);
  }

  @Override
  public void close() {
    cancelled = true;
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }
}
