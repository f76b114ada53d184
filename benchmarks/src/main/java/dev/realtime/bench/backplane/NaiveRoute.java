package dev.realtime.bench.backplane;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The baseline: the cross-node bridge the field guides hand-roll. Node A turns each message into a
 * JSON string and publishes it, synchronously, on one shared channel (as {@code
 * redisTemplate.convertAndSend} or {@code topic.publish} do); every node hears every message,
 * parses it and, on the transport's thread, walks a {@code ConcurrentHashMap<String,
 * CopyOnWriteArrayList<Sink>>} registry, encoding the SSE frame again for each subscriber and
 * writing it at once (an {@code SseEmitter.send} each).
 */
final class NaiveRoute implements Route {
  private final Recorder recorder;
  private final NaiveTransport transport;
  private final Map<String, List<Sink>> registry = new ConcurrentHashMap<>();

  /** Subscribes node B and registers its one client in the room. */
  NaiveRoute(NaiveTransport transport, Recorder recorder) {
    this.recorder = recorder;
    this.transport = transport;
    registry.computeIfAbsent(HubRoute.ROOM, r -> new CopyOnWriteArrayList<>()).add(new Sink());
    try {
      transport.subscribe(this::onMessage);
    } catch (RuntimeException e) {
      transport.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return "baseline";
  }

  @Override
  public CompletionStage<?> send(String data) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("room", HubRoute.ROOM);
    fields.put("event", "tick");
    fields.put("data", data);
    try {
      transport.publish(NaiveJson.encode(fields));
      return CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void onMessage(String json) {
    Map<String, String> m = NaiveJson.decode(json);
    List<Sink> sinks = registry.get(m.get("room"));
    if (sinks == null) {
      return;
    }
    for (Sink s : sinks) {
      s.send(m.get("event"), m.get("data"));
    }
  }

  @Override
  public void stopReceiving() {
    transport.unsubscribe();
  }

  @Override
  public Recorder recorder() {
    return recorder;
  }

  @Override
  public void close() {
    transport.close();
  }

  /** One subscriber: encodes its own copy of the frame and "writes and flushes" it at once. */
  private final class Sink {
    void send(String event, String data) {
      String frame = "event: " + event + "\ndata: " + data + "\n\n";
      recorder.arrived(ByteBuffer.wrap(frame.getBytes(StandardCharsets.UTF_8)));
    }
  }
}
