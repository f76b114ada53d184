package dev.realtime.spring;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP client reading one SSE stream line by line on its own thread, as {@code curl -N}
 * would: the test sees every line and whether the server ended the stream.
 */
final class SseClient implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final HttpResponse<InputStream> response;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();

  private SseClient(HttpResponse<InputStream> response) {
    this.response = response;
    Thread reader = new Thread(this::read, "sse-client");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Sends the request and returns once the response headers arrived.
   *
   * @param headers name, value, name, value...
   */
  static SseClient open(URI uri, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return new SseClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
  }

  /** A plain request, for the JSON endpoints. */
  static HttpResponse<String> get(URI uri, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(line);
      }
    } catch (IOException e) {
      // the stream was cut; either way it ended
    } finally {
      ended.complete(null);
    }
  }

  int status() {
    return response.statusCode();
  }

  String contentType() {
    return response.headers().firstValue("content-type").orElse("");
  }

  List<String> lines() {
    return lines;
  }

  /** Whether the server ended the stream (end of body or a broken connection). */
  boolean ended() {
    return ended.isDone();
  }

  /** Whether an event with this name and data arrived. */
  boolean received(String event, String data) {
    List<String> snapshot = List.copyOf(lines);
    for (int i = 1; i < snapshot.size(); i++) {
      if (snapshot.get(i).equals("data: " + data)
          && snapshot.get(i - 1).equals("event: " + event)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() throws IOException {
    response.body().close();
  }
}
