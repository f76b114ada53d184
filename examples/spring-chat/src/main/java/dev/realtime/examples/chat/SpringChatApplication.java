package dev.realtime.examples.chat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A rooms chat on Spring Boot. Adding {@code integration-spring} is all the realtime set-up there
 * is: it registers the SSE endpoint ({@code GET /events?room=NAME}), the stats endpoint ({@code GET
 * /api/sse/stats}), the hub bean, health and metrics. This app adds only the page and {@link
 * RoomMessagesController}. {@code realtime.backplane=redis} (with {@code realtime.redis.uri} or
 * {@code spring.data.redis.url}) lets several instances share rooms.
 */
@SpringBootApplication
public class SpringChatApplication {

  /**
   * Starts the chat; the port comes from {@code PORT} (default 8080).
   *
   * @param args Spring Boot arguments, e.g. {@code --realtime.backplane=redis}
   */
  public static void main(String[] args) {
    SpringApplication.run(SpringChatApplication.class, args);
  }
}
