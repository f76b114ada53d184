package dev.realtime.examples.quickstart;

import dev.realtime.Delivery;
import dev.realtime.DeliveryException;
import dev.realtime.Hub;
import dev.realtime.Message;
import dev.realtime.Names;
import dev.realtime.spi.BackplaneHealth;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code POST /rooms/NAME/messages}: broadcasts the request body (UTF-8 text, at most {@link
 * dev.realtime.RealtimeConfig#maxMessageBytes()}) to the room as event {@code message} and answers
 * {@code 202 {"room":"NAME","localRecipients":N,"remotePublished":B}}. While the backplane (e.g.
 * Redis) is down the local members still get the message and the answer is still 202, with {@code
 * "remotePublished":false} and a {@code "warning"} saying that other nodes missed it and why.
 * Errors are JSON {@code {"error":"..."}}: 400 for a bad room name or a body that is not UTF-8, 404
 * for another path, 413 for a body over the limit.
 */
final class RoomMessagesServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final String SUFFIX = "/messages";
  static final String EVENT = "message";

  private final transient Hub hub;

  RoomMessagesServlet(Hub hub) {
    this.hub = hub;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getPathInfo();
    if (path == null || !path.startsWith("/") || !path.endsWith(SUFFIX)) {
      JsonResponse.error(response, 404, "Not found; post to /rooms/NAME/messages");
      return;
    }
    String room = path.substring(1, Math.max(1, path.length() - SUFFIX.length()));
    try {
      Names.requireName("room", room);
    } catch (IllegalArgumentException e) {
      JsonResponse.error(response, 400, e.getMessage());
      return;
    }

    int limit = hub.config().maxMessageBytes();
    if (request.getContentLengthLong() > limit) {
      tooLarge(response, limit);
      return;
    }
    byte[] body = readAtMost(request.getInputStream(), limit);
    if (body == null) {
      tooLarge(response, limit);
      return;
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      JsonResponse.error(response, 400, "body must be UTF-8 text");
      return;
    }

    CompletableFuture<Delivery> delivery =
        hub.broadcast(room, Message.of(EVENT, text)).toCompletableFuture();
    if (delivery.isDone()) {
      answer(hub, response, room, delivery);
      return;
    }
    // A remote backplane may take a moment: free the container thread meanwhile.
    AsyncContext async = request.startAsync();
    async.setTimeout(0);
    delivery.whenComplete(
        (d, e) ->
            async.start(
                () -> {
                  try {
                    answer(hub, (HttpServletResponse) async.getResponse(), room, delivery);
                  } catch (IOException ignored) {
                    // the client left before the answer; nothing to tell it
                  } finally {
                    async.complete();
                  }
                }));
  }

  private static void answer(
      Hub hub, HttpServletResponse response, String room, CompletableFuture<Delivery> delivery)
      throws IOException {
    try {
      Delivery d = delivery.join();
      JsonResponse.send(
          response, 202, accepted(room, d.localRecipients(), d.remotePublished(), null));
    } catch (CompletionException e) {
      if (e.getCause() instanceof DeliveryException de) {
        // Local members got it; only the other nodes missed it.
        JsonResponse.send(
            response, 202, accepted(room, de.localRecipients(), false, missedBy(hub, de)));
      } else {
        JsonResponse.error(response, 500, "broadcast failed: " + e.getCause());
      }
    }
  }

  /** Says that other nodes missed a message, naming the backplane, its state and the cause. */
  private static String missedBy(Hub hub, DeliveryException e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    BackplaneHealth health = hub.backplaneHealth();
    return "delivered on this node only, other nodes missed it: backplane "
        + health.name()
        + " is "
        + health.state()
        + " ("
        + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage())
        + ")";
  }

  /** The 202 body; {@code warning} (nullable) says why other nodes missed it. */
  private static String accepted(
      String room, int localRecipients, boolean remotePublished, String warning) {
    return "{\"room\":"
        + JsonResponse.quote(room)
        + ",\"localRecipients\":"
        + localRecipients
        + ",\"remotePublished\":"
        + remotePublished
        + (warning == null ? "" : ",\"warning\":" + JsonResponse.quote(warning))
        + "}";
  }

  private static void tooLarge(HttpServletResponse response, int limit) throws IOException {
    JsonResponse.error(
        response, 413, "message body is larger than maxMessageBytes (" + limit + " bytes)");
  }

  /** Reads the whole stream, or returns {@code null} as soon as it holds more than {@code max}. */
  private static byte[] readAtMost(InputStream in, int max) throws IOException {
    byte[] bytes = in.readNBytes(max + 1);
    return bytes.length > max ? null : bytes;
  }
}
