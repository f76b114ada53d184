package dev.realtime.examples.chat;

import dev.realtime.Delivery;
import dev.realtime.DeliveryException;
import dev.realtime.Hub;
import dev.realtime.Message;
import dev.realtime.Names;
import dev.realtime.spi.BackplaneHealth;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /rooms/{room}/messages}: the same contract as the quickstart. The body (UTF-8 text,
 * at most {@code realtime.max-message-bytes}) goes to the room as event {@code message}; the answer
 * is {@code 202 {"room","localRecipients","remotePublished"}}. While the backplane is down the
 * local members still get it and the answer is still 202, with {@code "remotePublished":false} and
 * a {@code "warning"}. Errors are JSON {@code {"error":"..."}}: 400 for a bad room name or a body
 * that is not UTF-8, 413 for a body over the limit.
 */
@RestController
class RoomMessagesController {
  static final String EVENT = "message";

  private final Hub hub;

  RoomMessagesController(Hub hub) {
    this.hub = hub;
  }

  @PostMapping("/rooms/{room}/messages")
  CompletableFuture<ResponseEntity<Map<String, Object>>> post(
      @PathVariable("room") String room, InputStream body) throws IOException {
    try {
      Names.requireName("room", room);
    } catch (IllegalArgumentException e) {
      return done(error(HttpStatus.BAD_REQUEST, e.getMessage()));
    }
    int limit = hub.config().maxMessageBytes();
    byte[] bytes = body.readNBytes(limit + 1);
    if (bytes.length > limit) {
      return done(
          error(
              HttpStatus.CONTENT_TOO_LARGE,
              "message body is larger than realtime.max-message-bytes (" + limit + " bytes)"));
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      return done(error(HttpStatus.BAD_REQUEST, "body must be UTF-8 text"));
    }
    // Spring MVC frees the container thread while a remote backplane confirms the publish.
    return hub.broadcast(room, Message.of(EVENT, text))
        .toCompletableFuture()
        .handle((delivery, failure) -> answer(room, delivery, failure));
  }

  private ResponseEntity<Map<String, Object>> answer(
      String room, Delivery delivery, Throwable failure) {
    if (failure == null) {
      return accepted(room, delivery.localRecipients(), delivery.remotePublished(), null);
    }
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (cause instanceof DeliveryException e) {
      // Local members got it; only the other nodes missed it.
      return accepted(room, e.localRecipients(), false, missedBy(e));
    }
    return error(HttpStatus.INTERNAL_SERVER_ERROR, "broadcast failed: " + cause);
  }

  private String missedBy(DeliveryException e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    BackplaneHealth health = hub.backplaneHealth();
    String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return "delivered on this node only, other nodes missed it: backplane "
        + health.name()
        + " is "
        + health.state()
        + " ("
        + why
        + ")";
  }

  private static ResponseEntity<Map<String, Object>> accepted(
      String room, int localRecipients, boolean remotePublished, String warning) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("room", room);
    body.put("localRecipients", localRecipients);
    body.put("remotePublished", remotePublished);
    if (warning != null) {
      body.put("warning", warning);
    }
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
  }

  private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String message) {
    return ResponseEntity.status(status).body(Map.of("error", message));
  }

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
