package dev.realtime.core;

import dev.realtime.CloseReason;
import dev.realtime.Connection;
import dev.realtime.ConnectionRejectedException;
import dev.realtime.ConnectionRequest;
import dev.realtime.Delivery;
import dev.realtime.DeliveryException;
import dev.realtime.Hub;
import dev.realtime.HubListener;
import dev.realtime.Message;
import dev.realtime.Names;
import dev.realtime.RealtimeConfig;
import dev.realtime.SlowConsumerPolicy;
import dev.realtime.Stats;
import dev.realtime.backplane.local.LocalBackplane;
import dev.realtime.spi.Backplane;
import dev.realtime.spi.BackplaneHealth;
import dev.realtime.spi.BackplaneListener;
import dev.realtime.spi.BackplaneState;
import dev.realtime.spi.Envelope;
import dev.realtime.spi.Outlet;
import dev.realtime.spi.Target;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The engine behind {@link Hub}: registry, rooms, delivery, backplane bridge and life-cycle. */
final class DefaultHub implements Hub, BackplaneListener {
  private static final System.Logger LOG = System.getLogger(DefaultHub.class.getName());

  private enum State {
    RUNNING,
    CLOSING,
    CLOSED
  }

  private final RealtimeConfig config;
  private final Backplane backplane;
  private final boolean singleNode;
  private final String nodeId;
  private final Clock clock;
  private final HubListener listener;
  private final Registry registry;
  private final Rooms rooms;
  private final Loops loops;

  /** When {@link #shed} last logged; racy on purpose (a rate limit, not a count). */
  private volatile long lastShedLog = System.nanoTime() - TimeUnit.SECONDS.toNanos(60);

  private final Sweeper sweeper;
  private final HubMetrics metrics;
  private final Frame retryFrame;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private volatile BackplaneState backplaneState = BackplaneState.UP;
  private volatile long coarseNow;
  private volatile Thread closingThread;

  DefaultHub(
      RealtimeConfig config,
      Backplane backplane,
      String nodeId,
      Clock clock,
      MeterRegistry meterRegistry,
      HubListener listener) {
    this.config = config;
    this.backplane = backplane;
    this.singleNode = backplane instanceof LocalBackplane;
    this.nodeId = nodeId;
    this.clock = clock;
    this.listener = listener;
    this.coarseNow = clock.millis();
    this.registry =
        new Registry(
            config.maxConnectionsPerResource(),
            config.maxConnections(),
            config.overflowPolicy(),
            this::interest);
    this.rooms = new Rooms(this::interest, this::byLoop);
    this.metrics =
        new HubMetrics(
            meterRegistry, nodeId, registry::total, this::queuedBytes, () -> backplaneState);
    this.retryFrame = config.clientRetry().isZero() ? null : SseEncoder.retry(config.clientRetry());
    this.loops =
        new Loops(
            config.drainThreads(),
            nodeId,
            metrics::wrote,
            config.maxQueuedBytesPerConnection(),
            config.slowConsumerPolicy() == SlowConsumerPolicy.LATEST_PER_KEY,
            this::shed);
    this.sweeper = new Sweeper(this, clock, config, nodeId);
    interest(Target.nodeKey(nodeId), true);
    backplane.start(nodeId, this);
    sweeper.start();
    LOG.log(
        Level.INFO,
        "SSE configuration: "
            + config.maxConnectionsPerResource()
            + " connections per resource, "
            + describe(config.connectionTimeout())
            + " timeout, backplane "
            + backplane.name()
            + " (node "
            + nodeId
            + ")");
  }

  // ---- connections ----

  @Override
  public Connection open(ConnectionRequest request, Outlet outlet) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(outlet, "outlet");
    if (request.rooms().size() > config.maxRoomsPerConnection()) {
      throw new IllegalArgumentException(
          "rooms: "
              + request.rooms().size()
              + " requested, maxRoomsPerConnection is "
              + config.maxRoomsPerConnection());
    }
    if (state.get() != State.RUNNING) {
      throw reject(request, shuttingDown(request));
    }
    long now = clock.millis();
    ConnectionImpl c =
        new ConnectionImpl(
            this,
            nodeId + ":" + Long.toString(sequence.incrementAndGet(), 36),
            request,
            outlet,
            loops.assign(),
            now,
            deadline(now));
    ConnectionImpl evicted;
    try {
      evicted = registry.register(c);
    } catch (ConnectionRejectedException e) {
      LOG.log(Level.WARNING, e.getMessage());
      throw reject(request, e);
    }
    if (state.get() != State.RUNNING) {
      // close() began while this open was registering; its final pass may have missed us. The
      // request is refused, so the slot is released silently and the outlet is left to the
      // transport, which answers the refusal.
      if (c.markClosed(CloseReason.SHUTDOWN)) {
        registry.deregister(c);
      }
      throw reject(request, shuttingDown(request));
    }
    metrics.opened();
    try {
      c.attach();
      if (retryFrame != null) {
        c.offer(retryFrame);
      }
      for (String room : request.rooms()) {
        rooms.join(c, room, config.maxRoomsPerConnection());
      }
    } catch (RuntimeException e) {
      close(c, CloseReason.SERVER); // never leak the slot taken above
      if (evicted != null) {
        close(evicted, CloseReason.EVICTED); // it already left its resource's slots
      }
      throw e;
    }
    if (evicted != null) {
      close(evicted, CloseReason.EVICTED);
    }
    listener.onOpen(c);
    if (!c.announceOpen()) {
      // Closed (evicted, failed write, shutdown) before onOpen ran: report the close now, after.
      listener.onClose(c, c.closeReason());
    }
    return c;
  }

  private static ConnectionRejectedException shuttingDown(ConnectionRequest request) {
    return new ConnectionRejectedException(
        ConnectionRejectedException.Reason.SHUTTING_DOWN,
        request.resource(),
        0,
        0,
        "Hub is shutting down; not accepting connections");
  }

  private ConnectionRejectedException reject(
      ConnectionRequest request, ConnectionRejectedException e) {
    metrics.rejected(e.reason());
    listener.onRejected(request, e);
    return e;
  }

  private long deadline(long now) {
    long timeout = config.connectionTimeout().toMillis();
    if (timeout == 0) {
      return 0;
    }
    long jitter = config.timeoutJitter().toMillis();
    return now + timeout - (jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(jitter + 1));
  }

  /**
   * Closes a connection once: releases its slot and rooms, then lets its drain close the outlet.
   */
  void close(ConnectionImpl c, CloseReason reason) {
    if (!c.markClosed(reason)) {
      return;
    }
    try {
      rooms.leaveAll(c);
    } finally {
      // Whatever happened above, the slot is released and the outlet closed exactly once.
      registry.deregister(c);
      metrics.closed(reason);
      c.scheduleClose();
    }
    if (c.announceClose()) {
      listener.onClose(c, reason);
    }
  }

  /**
   * Tells the backplane which routing keys have local members. Called under registry and room
   * locks, so a backplane that throws (the SPI asks it not to) is logged, never propagated: a
   * failed subscription must not leak a slot or leave a connection half closed.
   */
  private void interest(String routingKey, boolean interested) {
    try {
      backplane.interest(routingKey, interested);
    } catch (RuntimeException e) {
      LOG.log(
          Level.ERROR,
          "Backplane "
              + backplane.name()
              + " failed to "
              + (interested ? "subscribe to " : "unsubscribe from ")
              + LogSafe.escape(routingKey)
              + "; remote messages for it may be missed",
          e);
    }
  }

  @Override
  public void join(Connection connection, String room) {
    Names.requireName("room", room);
    rooms.join(own(connection), room, config.maxRoomsPerConnection());
  }

  @Override
  public void leave(Connection connection, String room) {
    Names.requireName("room", room);
    rooms.leave(own(connection), room);
  }

  private ConnectionImpl own(Connection connection) {
    if (connection instanceof ConnectionImpl c && registry.get(c.id()) == c) {
      return c;
    }
    if (connection instanceof ConnectionImpl c && !c.isOpen()) {
      throw new IllegalStateException("connection " + c.id() + " is closed");
    }
    throw new IllegalArgumentException(
        "connection "
            + (connection == null ? "null" : connection.id())
            + " does not belong to hub "
            + nodeId);
  }

  @Override
  public Optional<Connection> connection(String connectionId) {
    return Optional.ofNullable(registry.get(connectionId));
  }

  // ---- delivery ----

  @Override
  public CompletionStage<Delivery> broadcast(String room, Message message) {
    return deliver(Target.room(Names.requireName("room", room)), message);
  }

  @Override
  public CompletionStage<Delivery> sendToResource(String resource, Message message) {
    return deliver(Target.resource(Names.requireName("resource", resource)), message);
  }

  @Override
  public CompletionStage<Delivery> send(String connectionId, Message message) {
    return deliver(Target.connection(Names.requireName("connectionId", connectionId)), message);
  }

  private CompletionStage<Delivery> deliver(Target target, Message message) {
    Frame frame = encode(message);
    int local = deliverLocal(target, frame);
    metrics.published(local);
    boolean remote =
        !singleNode
            && !(target.kind() == Target.Kind.CONNECTION
                && target.routingKey().equals(Target.nodeKey(nodeId)));
    if (!remote) {
      return CompletableFuture.completedFuture(new Delivery(local, false));
    }
    long start = System.nanoTime();
    CompletionStage<Void> published;
    try {
      published = backplane.publish(Envelope.of(nodeId, target, message));
    } catch (RuntimeException e) {
      published = CompletableFuture.failedFuture(e);
    }
    return published.handle(
        (ok, error) -> {
          metrics.publishTimer().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
          if (error != null) {
            metrics.dropped(DropReason.BACKPLANE, 1);
            Throwable cause = unwrap(error);
            throw new DeliveryException(
                "Delivered to "
                    + local
                    + " local connection(s) but not to other nodes: "
                    + "backplane "
                    + backplane.name()
                    + " failed: "
                    + cause.getMessage(),
                cause,
                local);
          }
          return new Delivery(local, true);
        });
  }

  /** The backplane's own error, without the CompletionException wrappers of the stage. */
  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof java.util.concurrent.CompletionException
            || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private int deliverLocal(Target target, Frame frame) {
    if (target.kind() == Target.Kind.CONNECTION) {
      ConnectionImpl c = registry.get(target.name());
      return c != null && c.offer(frame) ? 1 : 0;
    }
    ConnectionImpl[][] members = members(target);
    return members == null ? 0 : loops.fanOut(members, frame);
  }

  /** Whether a target has a member on this node. */
  private boolean hasLocal(Target target) {
    return switch (target.kind()) {
      case ROOM -> rooms.members(target.name()) != null;
      case RESOURCE -> registry.members(target.name()).length > 0;
      case CONNECTION -> registry.get(target.name()) != null;
    };
  }

  /** A room's or resource's members split by loop, or null when there is none. */
  private ConnectionImpl[][] members(Target target) {
    if (target.kind() == Target.Kind.ROOM) {
      return rooms.members(target.name());
    }
    ConnectionImpl[] members = registry.members(target.name());
    return members.length == 0 ? null : loops.partition(members);
  }

  private ConnectionImpl[][] byLoop(ConnectionImpl[] members) {
    return loops.partition(members);
  }

  /**
   * A write loop fell further behind than one connection's queue budget and shed these tasks: every
   * member is treated as a slow consumer under the configured policy (DISCONNECT closes it, so its
   * client reconnects and catches up; the others count the frames as dropped).
   */
  private void shed(List<Loops.Task> tasks) {
    SlowConsumerPolicy policy = config.slowConsumerPolicy();
    long frames = 0;
    for (Loops.Task t : tasks) {
      int n = t.members != null ? t.to - t.from : 1;
      frames += n;
      if (policy == SlowConsumerPolicy.DISCONNECT) {
        metrics.dropped(DropReason.SLOW_CONSUMER, n);
        if (t.members != null) {
          for (int i = t.from; i < t.to; i++) {
            close(t.members[i], CloseReason.SLOW_CONSUMER);
          }
        } else {
          close(t.single, CloseReason.SLOW_CONSUMER);
        }
      } else {
        metrics.dropped(DropReason.of(policy), n);
      }
    }
    long now = System.nanoTime();
    if (now - lastShedLog > TimeUnit.SECONDS.toNanos(10)) {
      lastShedLog = now;
      LOG.log(
          Level.WARNING,
          "A write loop is more than maxQueuedBytesPerConnection ("
              + config.maxQueuedBytesPerConnection()
              + " bytes) behind: shed "
              + tasks.size()
              + " broadcast(s), "
              + frames
              + " frame(s) to clients, policy "
              + policy
              + "; broadcasts arrive faster than this node can write them");
    }
  }

  Frame encode(Message message) {
    Objects.requireNonNull(message, "message");
    if (message.dataLength() > config.maxMessageBytes()) {
      throw new IllegalArgumentException(
          "message data is "
              + message.dataLength()
              + " bytes, over maxMessageBytes ("
              + config.maxMessageBytes()
              + ")");
    }
    Frame frame = SseEncoder.encode(message);
    if (frame.size > config.maxQueuedBytesPerConnection()) {
      // Line breaks and long id/event fields make the frame bigger than the data; a frame that
      // could never fit a client's queue must be refused here, not disconnect every recipient.
      throw new IllegalArgumentException(
          "message encodes to "
              + frame.size
              + " bytes (its data is within maxMessageBytes, but line breaks and the id/event"
              + " fields add framing), over maxQueuedBytesPerConnection ("
              + config.maxQueuedBytesPerConnection()
              + ")");
    }
    return frame;
  }

  // ---- backplane listener ----

  @Override
  public void onEnvelope(Envelope envelope) {
    if (envelope.originNode().equals(nodeId) || state.get() == State.CLOSED) {
      return;
    }
    try {
      // A shared topic (e.g. a Hazelcast shard) brings messages for keys with no member here:
      // nothing to encode for those.
      Target target = envelope.target();
      metrics.received(hasLocal(target) ? deliverLocal(target, encode(envelope.message())) : 0);
    } catch (RuntimeException e) {
      metrics.dropped(DropReason.BACKPLANE, 1);
      LOG.log(
          Level.WARNING,
          "Dropped an envelope from node " + LogSafe.escape(envelope.originNode()),
          e);
    }
  }

  @Override
  public void onMalformed(String detail) {
    metrics.dropped(DropReason.MALFORMED, 1);
    LOG.log(Level.WARNING, "Dropped a malformed backplane message: " + LogSafe.escape(detail));
  }

  @Override
  public void onStateChange(BackplaneState newState) {
    BackplaneState old = backplaneState;
    backplaneState = newState;
    LOG.log(
        newState == BackplaneState.DOWN ? Level.WARNING : Level.INFO,
        "Backplane " + backplane.name() + " is " + newState + " (was " + old + ")");
    if (newState == BackplaneState.RECOVERED) {
      Frame gap =
          SseEncoder.encode(
              Message.builder()
                  .event(config.gapEvent())
                  .data("{\"reason\":\"backplane-recovered\"}")
                  .build());
      loops.fanOut(loops.partition(registry.all()), gap);
    }
    listener.onBackplaneState(newState);
  }

  // ---- state, stats, life-cycle ----

  @Override
  public Stats stats() {
    return Stats.of(
        registry.total(),
        config.maxConnectionsPerResource(),
        config.connectionTimeout(),
        config.maxConnections(),
        rooms.count(),
        registry.countsPerResource(),
        backplane.name(),
        backplaneState);
  }

  @Override
  public RealtimeConfig config() {
    return config;
  }

  @Override
  public String nodeId() {
    return nodeId;
  }

  @Override
  public BackplaneHealth backplaneHealth() {
    try {
      return backplane.health();
    } catch (RuntimeException e) {
      return new BackplaneHealth(
          backplane.name(), BackplaneState.DOWN, "health check failed: " + e);
    }
  }

  @Override
  public void close() {
    if (!state.compareAndSet(State.RUNNING, State.CLOSING)) {
      if (Thread.currentThread() != closingThread) {
        closed.join(); // a concurrent close() returns once the first one is done
      }
      return;
    }
    closingThread = Thread.currentThread();
    try {
      new Shutdown(this, config).run();
      sweeper.stop();
      closeQuietly(backplane);
      if (!loops.shutdown(5_000)) {
        LOG.log(Level.WARNING, "Drain threads did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      metrics.close();
      state.set(State.CLOSED);
      closed.complete(null);
      LOG.log(Level.INFO, "Hub " + nodeId + " closed");
    }
  }

  private static void closeQuietly(Backplane b) {
    try {
      b.close();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Backplane " + b.name() + " failed to close", e);
    }
  }

  // ---- for collaborators ----

  Registry registry() {
    return registry;
  }

  Loops loops() {
    return loops;
  }

  HubMetrics metrics() {
    return metrics;
  }

  long coarseNow() {
    return coarseNow;
  }

  void advanceCoarseNow(long now) {
    coarseNow = now;
  }

  void logOutletFailure(ConnectionImpl c, RuntimeException e) {
    LOG.log(Level.DEBUG, "Outlet of " + c + " failed to close", e);
  }

  private long queuedBytes() {
    long sum = 0;
    for (ConnectionImpl c : registry.all()) {
      sum += c.queuedBytes();
    }
    return sum;
  }

  private static String describe(java.time.Duration d) {
    if (d.isZero()) {
      return "no";
    }
    return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
  }
}
