package dev.realtime.backplane.redis;

import dev.realtime.spi.BackplaneHealth;
import dev.realtime.spi.BackplaneListener;
import dev.realtime.spi.BackplaneState;
import dev.realtime.spi.Envelope;
import dev.realtime.spi.EnvelopeCodec;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one started {@link RedisBackplane}. Every decision (connect, resubscribe, probe, state) is
 * made on one worker thread, so that state needs no locks; Lettuce's callbacks only post tasks.
 *
 * <p>The state follows two rules. {@code DOWN} as soon as a connection drops, a probe cannot be
 * published, or a probe does not come back within the probe timeout. {@code RECOVERED} only after
 * every wanted channel was subscribed again, Redis confirmed each, and a probe made the round trip
 * publish connection → Redis → subscribe connection. When a probe fails while the connections look
 * open (a stalled server, a half-open socket) the whole link is replaced; when a connection is
 * known to be down, Lettuce is already reconnecting it.
 */
final class Supervisor implements Subscriber.Worker {
  private static final System.Logger LOG = System.getLogger(RedisBackplane.class.getName());

  private final RedisSettings settings;
  private final Interest interest;
  private final BackplaneListener listener;
  private final byte[] probeChannel;
  private final Probe probe;
  private final Receiver receiver;
  private final Subscriber subscriber;
  private final ScheduledThreadPoolExecutor worker;
  private final LettuceClient client;
  private final CompletableFuture<Void> firstAttempt = new CompletableFuture<>();

  private volatile RedisLink link;
  private volatile BackplaneState state = BackplaneState.UP;
  private volatile String problem = "";
  private volatile boolean closed;

  // Worker thread only.
  private boolean connecting;
  private int failedConnects;

  Supervisor(RedisSettings settings, Interest interest, String nodeId, BackplaneListener listener) {
    this.settings = settings;
    this.interest = interest;
    this.listener = listener;
    this.probeChannel =
        Probe.channel(settings.channelPrefix(), nodeId).getBytes(StandardCharsets.UTF_8);
    this.probe = new Probe(settings.probeInterval(), settings.probeTimeout());
    this.worker =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "realtime-redis-" + nodeId);
              t.setDaemon(true);
              return t;
            });
    worker.setRemoveOnCancelPolicy(true);
    this.subscriber =
        new Subscriber(
            interest, settings.channelPrefix(), probeChannel, this, this::synced, p -> problem = p);
    this.receiver =
        new Receiver(
            settings.channelPrefix(),
            nodeId,
            interest,
            listener,
            seq -> post(() -> probeReturned(seq)),
            key -> post(() -> subscriber.dropUnwanted(key)),
            key -> post(() -> subscriber.resubscribe(key)));
    this.client = new LettuceClient(settings, new ConnectionEvents());
  }

  /** Connects; returns once the first attempt succeeded or failed, or after the timeouts. */
  void start() {
    long tick = settings.probeInterval().toMillis();
    worker.scheduleWithFixedDelay(() -> guarded(this::tick), tick, tick, TimeUnit.MILLISECONDS);
    post(this::connect);
    Duration wait = settings.connectTimeout().plus(settings.commandTimeout()).plusSeconds(1);
    try {
      firstAttempt.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      LOG.log(
          Level.WARNING,
          "Redis backplane still connecting after " + wait + "; continuing in the background");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  CompletionStage<Void> publish(Envelope envelope) {
    RedisLink l = link;
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("Redis backplane is closed"));
    }
    if (l == null) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("Redis backplane is not connected: " + problem));
    }
    byte[] payload;
    try {
      payload = EnvelopeCodec.encode(envelope);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return l.publish(subscriber.channel(envelope.target().routingKey()), payload)
        .thenApply(receivers -> null);
  }

  void interestChanged() {
    subscriber.requestApply();
  }

  BackplaneHealth health() {
    BackplaneState s = state;
    String detail =
        settings.endpoints()
            + ", "
            + interest.confirmedCount()
            + "/"
            + interest.wantedCount()
            + " channels subscribed"
            + (s == BackplaneState.DOWN && !problem.isEmpty() ? ": " + problem : "");
    return new BackplaneHealth(RedisBackplane.NAME, s, detail);
  }

  void close() {
    if (closed) {
      return;
    }
    closed = true;
    firstAttempt.complete(null); // a start() still waiting returns
    worker.shutdownNow();
    RedisLink l = link;
    link = null;
    try {
      if (l != null) {
        l.close().get(2, TimeUnit.SECONDS);
      }
      client.shutdown(Duration.ofSeconds(2));
      if (!worker.awaitTermination(2, TimeUnit.SECONDS)) {
        LOG.log(Level.WARNING, "Redis backplane worker did not stop within 2 s");
      }
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      LOG.log(Level.WARNING, "Redis backplane did not close cleanly", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- connecting ----

  private void connect() {
    if (closed || connecting || link != null) {
      return;
    }
    connecting = true;
    RedisLink candidate = client.newLink(receiver);
    CompletableFuture<Void> opened;
    try {
      opened = candidate.open();
    } catch (RuntimeException e) {
      opened = CompletableFuture.failedFuture(e);
    }
    opened.whenComplete((ok, error) -> post(() -> opened(candidate, error), candidate::close));
  }

  private void opened(RedisLink candidate, Throwable error) {
    connecting = false;
    if (closed || error != null) {
      candidate.close();
    }
    if (closed) {
      return;
    }
    if (error != null) {
      problem = "cannot connect: " + Errors.describe(error);
      if (failedConnects++ == 0) {
        LOG.log(
            Level.WARNING,
            "Redis backplane " + problem + " (" + settings.endpoints() + "); retrying");
      }
      setState(BackplaneState.DOWN);
      firstAttempt.complete(null);
      // 200 ms, 400 ms, ... up to the bound
      long backoff = 100L << Math.min(failedConnects, 10);
      later(this::connect, Math.min(settings.maxReconnectDelay().toMillis(), backoff));
      return;
    }
    failedConnects = 0;
    link = candidate;
    probe.restart(System.nanoTime());
    subscriber.attach(candidate);
    subscriber.resync();
  }

  /** The probe failed while the connections look open: drop them all and connect afresh. */
  private void replaceLink() {
    RedisLink old = link;
    link = null;
    subscriber.attach(null);
    if (old != null) {
      old.close();
    }
    connect();
  }

  /** Every wanted channel is subscribed on the current link: probe it end to end. */
  private void synced() {
    firstAttempt.complete(null);
    probe.restart(System.nanoTime());
    sendProbe();
  }

  // ---- probe and state ----

  private void tick() {
    if (link == null || closed) {
      return; // connect() is retrying
    }
    String overdue = probe.overdue(System.nanoTime());
    if (overdue != null) {
      probe.cancel();
      down(overdue);
    } else if (!subscriber.synced()) {
      subscriber.resyncIfDue(); // backs up a reconnect event that came too early or not at all
    } else if (!probe.inFlight()) {
      sendProbe();
    }
  }

  private void sendProbe() {
    RedisLink l = link;
    if (l == null) {
      return;
    }
    long seq = probe.send(System.nanoTime());
    l.publish(probeChannel, Probe.payload(seq))
        .whenComplete(
            (receivers, error) -> {
              if (error != null && Errors.isQueueFull(error)) {
                post(() -> probe.end(seq, 0)); // busy, not broken; the deadline still applies
              } else if (error != null) {
                post(() -> probeFailed(seq, "probe publish failed: " + Errors.describe(error)));
              } else if (receivers != null && receivers == 0) {
                post(() -> probeFailed(seq, "probe channel has no subscriber"));
              }
            });
  }

  private void probeReturned(long seq) {
    if (!probe.end(seq, System.nanoTime())) {
      return; // a late answer to a probe already given up
    }
    if (state != BackplaneState.DOWN || !subscriber.synced() || link == null) {
      return;
    }
    List<String> missing = subscriber.unconfirmed();
    if (!missing.isEmpty()) {
      LOG.log(
          Level.WARNING,
          "Redis did not confirm " + missing.size() + " subscription(s); resubscribing");
      subscriber.resync();
      return;
    }
    problem = "";
    setState(BackplaneState.RECOVERED);
  }

  private void probeFailed(long seq, String reason) {
    if (probe.end(seq, 0) && !closed) {
      down(reason);
    }
  }

  private void down(String reason) {
    if (state != BackplaneState.DOWN) {
      problem = reason; // the first reason tells most
    }
    setState(BackplaneState.DOWN);
    RedisLink l = link;
    if (l != null && l.isOpen()) {
      LOG.log(
          Level.WARNING,
          "Redis backplane probe failed on connections that look open ("
              + reason
              + "); reconnecting");
      replaceLink();
    }
  }

  private void connectionLost(RedisChannelHandler<?, ?> connection) {
    RedisLink l = link;
    if (l == null || closed || !l.owns(connection)) {
      return;
    }
    subscriber.connectionLost();
    probe.cancel();
    problem = "connection lost";
    setState(BackplaneState.DOWN);
  }

  private void connectionRestored(RedisChannelHandler<?, ?> connection) {
    RedisLink l = link;
    if (l != null && !closed && !subscriber.synced() && l.owns(connection)) {
      subscriber.resync();
    }
  }

  private void setState(BackplaneState next) {
    if (state == next || (next == BackplaneState.RECOVERED && state != BackplaneState.DOWN)) {
      return;
    }
    state = next;
    LOG.log(
        next == BackplaneState.DOWN ? Level.WARNING : Level.INFO,
        "Redis backplane "
            + next
            + " ("
            + settings.endpoints()
            + (next == BackplaneState.DOWN ? ": " + problem : "")
            + ")");
    try {
      listener.onStateChange(next);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Hub failed to take a backplane state change", e);
    }
  }

  // ---- the worker ----

  @Override
  public void post(Runnable task) {
    post(task, () -> {});
  }

  /** Runs a task on the worker, or {@code ifClosed} when the worker is gone. */
  private void post(Runnable task, Runnable ifClosed) {
    try {
      worker.execute(() -> guarded(task));
    } catch (RejectedExecutionException e) {
      ifClosed.run();
    }
  }

  @Override
  public void later(Runnable task, long delayMillis) {
    try {
      worker.schedule(() -> guarded(task), delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  private void guarded(Runnable task) {
    if (closed) {
      return;
    }
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Redis backplane worker task failed", e);
    }
  }

  /** Lettuce's connection events, moved onto the worker thread. */
  private final class ConnectionEvents implements RedisConnectionStateListener {
    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
      post(() -> connectionRestored(connection));
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
      post(() -> connectionLost(connection));
    }
  }
}
