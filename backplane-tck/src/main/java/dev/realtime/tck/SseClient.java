package dev.realtime.tck;

import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A real HTTP/1.1 client reading an SSE stream line by line on a daemon thread, for tests of host
 * applications: {@code open} waits for the response headers, {@link #lines()} grows as lines
 * arrive, {@link #awaitLine} waits (Awaitility) for one, and {@link #ended()} tells whether the
 * server ended the stream.
 */
public final class SseClient implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final HttpResponse<Stream<String>> response;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private volatile boolean ended;

  private SseClient(HttpResponse<Stream<String>> response) {
    this.response = response;
    if (response.statusCode() == 200) {
      Thread reader = new Thread(this::read, "sse-client " + response.uri());
      reader.setDaemon(true);
      reader.start();
    } else {
      response.body().forEach(lines::add);
      ended = true;
    }
  }

  /**
   * Sends {@code GET uri} with {@code Accept: text/event-stream} and waits (10 s at most) for the
   * response headers. A non-200 answer is read whole into {@link #lines()}.
   *
   * @param uri the stream's address
   * @return the client, reading
   * @throws IllegalStateException when no response arrives in time
   */
  public static SseClient open(URI uri) {
    CompletableFuture<HttpResponse<Stream<String>>> pending =
        HTTP.sendAsync(
            HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET().build(),
            HttpResponse.BodyHandlers.ofLines());
    try {
      return new SseClient(pending.get(10, TimeUnit.SECONDS));
    } catch (ExecutionException | TimeoutException e) {
      pending.cancel(true);
      throw new IllegalStateException("no response from " + uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void read() {
    try (Stream<String> body = response.body()) {
      body.forEach(lines::add);
    } catch (UncheckedIOException e) {
      // closed by close() or by a reset; either way the stream is over
    } finally {
      ended = true;
    }
  }

  /**
   * The HTTP status of the answer.
   *
   * @return e.g. 200, or 429 when a cap refused the stream
   */
  public int statusCode() {
    return response.statusCode();
  }

  /**
   * A response header.
   *
   * @param name the header name
   * @return its first value, or an empty string
   */
  public String header(String name) {
    return response.headers().firstValue(name).orElse("");
  }

  /**
   * The lines read so far (without line terminators), live.
   *
   * @return an unmodifiable view that grows while the stream is open
   */
  public List<String> lines() {
    return java.util.Collections.unmodifiableList(lines);
  }

  /**
   * Waits until a line equal to {@code line} has arrived.
   *
   * @param line e.g. {@code "data: hello"}
   * @param atMost how long to wait
   */
  public void awaitLine(String line, Duration atMost) {
    await().atMost(atMost).alias("SSE line <" + line + ">").until(() -> lines.contains(line));
  }

  /**
   * Whether the stream has ended (the server closed it, or {@link #close()} was called).
   *
   * @return true once no more lines can arrive
   */
  public boolean ended() {
    return ended;
  }

  /** Closes the stream from the client side. */
  @Override
  public void close() {
    try {
      response.body().close();
    } catch (RuntimeException e) {
      // already closed
    }
  }
}
