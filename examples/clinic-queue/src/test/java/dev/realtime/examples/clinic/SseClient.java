package dev.realtime.examples.clinic;

import dev.realtime.tck.RecordingOutlet;
import dev.realtime.tck.SseEvent;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * A dashboard as a browser runs it: a real HTTP client streaming {@code GET uri}, the bytes parsed
 * into server-sent events by the backplane kit's {@link RecordingOutlet}. A refused stream keeps
 * its status and JSON body.
 */
final class SseClient implements AutoCloseable, Flow.Subscriber<List<ByteBuffer>> {
  private final RecordingOutlet events = new RecordingOutlet();
  private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
  private final int status;
  private volatile Flow.Subscription subscription;
  private volatile boolean ended;

  private SseClient(HttpClient http, URI uri) throws Exception {
    HttpResponse<Flow.Publisher<List<ByteBuffer>>> response =
        http.sendAsync(
                HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofPublisher())
            .get(10, TimeUnit.SECONDS);
    status = response.statusCode();
    response.body().subscribe(this);
  }

  /** Opens the stream and returns once the response headers arrived. */
  static SseClient open(HttpClient http, URI uri) throws Exception {
    return new SseClient(http, uri);
  }

  int status() {
    return status;
  }

  /** Everything received so far, as text (a refused stream's JSON body). */
  String body() {
    synchronized (raw) {
      return raw.toString(StandardCharsets.UTF_8);
    }
  }

  /** The events of one type received so far, in order. */
  List<SseEvent> events(String type) {
    return events.events(type);
  }

  /** Whether the server ended the stream. */
  boolean ended() {
    return ended;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    synchronized (raw) {
      for (ByteBuffer b : buffers) {
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        raw.write(bytes, 0, bytes.length);
      }
    }
    events.write(buffers.toArray(ByteBuffer[]::new), 0, buffers.size());
  }

  @Override
  public void onError(Throwable t) {
    ended = true;
  }

  @Override
  public void onComplete() {
    ended = true;
  }

  /** Hangs up, as a closed browser tab does. */
  @Override
  public void close() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }

  /** A client for tests: HTTP/1.1, one TCP connection per stream, as browsers hold them. */
  static HttpClient http() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }
}
