package dev.realtime.examples.clinic;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The reception's calls, over real HTTP, against one clinic instance. */
final class Http {
  private final HttpClient client;
  private final URI base;

  Http(HttpClient client, URI base) {
    this.client = client;
    this.base = base;
  }

  HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(15)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** POSTs {@code body} as {@code application/json}. */
  HttpResponse<String> postJson(String path, String body) throws Exception {
    return post(path, "application/json", body);
  }

  HttpResponse<String> post(String path, String contentType, String body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(15))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> checkIn(long doctor, String patient) throws Exception {
    return postJson(
        "/api/doctors/" + doctor + "/checkins", Json.object().field("patient", patient).toString());
  }

  HttpResponse<String> next(long doctor) throws Exception {
    return postJson("/api/doctors/" + doctor + "/next", "");
  }

  SseClient dashboard(long doctor) throws Exception {
    return SseClient.open(client, base.resolve("/api/sse/doctors/" + doctor));
  }
}
