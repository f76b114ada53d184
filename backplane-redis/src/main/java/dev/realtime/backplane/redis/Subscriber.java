package dev.realtime.backplane.redis;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Keeps the subscriptions of the current link equal to the wanted routing keys. Runs on the
 * supervisor's worker thread, except {@link #requestApply}.
 *
 * <p>Two paths: a <em>resync</em> after every (re)connect subscribes every wanted key plus the
 * probe channel in batches and reports back when Redis acknowledged them all; between resyncs,
 * <em>apply</em> sends only what changed since the last drain. A subscribe that fails is retried;
 * an unsubscribe that fails is harmless (the receiver ignores keys no longer wanted, and a later
 * confirmation for such a key triggers another unsubscribe).
 */
final class Subscriber {
  private static final System.Logger LOG = System.getLogger(RedisBackplane.class.getName());
  private static final long RETRY_MILLIS = 200;

  /** How the subscriber runs work on the worker thread. */
  interface Worker {
    void post(Runnable task);

    void later(Runnable task, long delayMillis);
  }

  private final Interest interest;
  private final String prefix;
  private final byte[] probeChannel;
  private final Worker worker;
  private final Runnable onSynced;
  private final Consumer<String> onProblem;
  private final AtomicBoolean applyPending = new AtomicBoolean();

  private RedisLink link;
  private boolean needsResync = true;
  private boolean resyncing;
  private boolean resyncAgain;
  private List<String> lastResync = List.of();

  /**
   * @param onSynced runs after a resync that Redis acknowledged completely
   * @param onProblem gets a description of a failed resync
   */
  Subscriber(
      Interest interest,
      String prefix,
      byte[] probeChannel,
      Worker worker,
      Runnable onSynced,
      Consumer<String> onProblem) {
    this.interest = interest;
    this.prefix = prefix;
    this.probeChannel = probeChannel.clone();
    this.worker = worker;
    this.onSynced = onSynced;
    this.onProblem = onProblem;
  }

  /** Any thread: the wanted keys changed; apply them soon, once for a burst of changes. */
  void requestApply() {
    if (applyPending.compareAndSet(false, true)) {
      worker.post(this::apply);
    }
  }

  /** Serves a new link (or none): everything must be subscribed on it. */
  void attach(RedisLink newLink) {
    link = newLink;
    interest.connectionLost();
    needsResync = true;
    resyncing = false;
    resyncAgain = false;
  }

  /** A connection of the link dropped: Redis forgot its subscriptions. */
  void connectionLost() {
    interest.connectionLost();
    needsResync = true;
  }

  /**
   * @return whether the last resync succeeded and no connection dropped since
   */
  boolean synced() {
    return !needsResync;
  }

  /**
   * @return keys of the last resync, still wanted, that Redis has not confirmed
   */
  List<String> unconfirmed() {
    return interest.unconfirmed(lastResync);
  }

  /** Resyncs if one is due, none is running and the connections are up. */
  void resyncIfDue() {
    if (needsResync && !resyncing && link != null && link.isOpen()) {
      resync();
    }
  }

  /** Subscribes every wanted key and the probe channel. */
  void resync() {
    RedisLink l = link;
    if (l == null) {
      return;
    }
    needsResync = true;
    if (resyncing) {
      resyncAgain = true;
      return;
    }
    resyncing = true;
    List<String> keys = interest.requestAll();
    List<byte[]> channels = channels(keys);
    channels.add(probeChannel);
    l.subscribe(channels).whenComplete((ok, error) -> worker.post(() -> resynced(l, keys, error)));
  }

  private void resynced(RedisLink l, List<String> keys, Throwable error) {
    if (l != link) {
      return; // replaced meanwhile
    }
    resyncing = false;
    if (resyncAgain) {
      resyncAgain = false;
      resync();
      return;
    }
    if (error != null) {
      onProblem.accept("resubscribing failed: " + Errors.describe(error));
      // Retry soon while the connections are up; after a drop, their reconnect triggers it.
      worker.later(this::resyncIfDue, RETRY_MILLIS);
      return;
    }
    LOG.log(Level.DEBUG, "Subscribed " + keys.size() + " channel(s)");
    needsResync = false;
    lastResync = keys;
    apply(); // keys that changed during the resync
    onSynced.run();
  }

  /** Sends what changed since the last drain: one batch of subscribes, one of unsubscribes. */
  void apply() {
    applyPending.set(false);
    RedisLink l = link;
    if (l == null || needsResync) {
      return; // the next resync subscribes every wanted key
    }
    Interest.Changes changes = interest.drain();
    if (!changes.subscribe().isEmpty()) {
      List<String> keys = changes.subscribe();
      l.subscribe(channels(keys))
          .whenComplete(
              (ok, error) -> {
                if (error != null) {
                  worker.post(() -> subscribeFailed(l, keys, error));
                }
              });
    }
    if (!changes.unsubscribe().isEmpty()) {
      l.unsubscribe(channels(changes.unsubscribe()));
    }
  }

  private void subscribeFailed(RedisLink l, List<String> keys, Throwable error) {
    if (l != link) {
      return;
    }
    LOG.log(Level.DEBUG, "Redis subscribe failed, will retry: " + Errors.describe(error));
    interest.retry(keys);
    worker.later(this::apply, RETRY_MILLIS);
  }

  /** Redis confirmed a key nobody wants any more (e.g. resubscribed by a reconnect). */
  void dropUnwanted(String key) {
    RedisLink l = link;
    if (l != null && !interest.wants(key)) {
      l.unsubscribe(channels(List.of(key)));
    }
  }

  /** Redis ended the subscription of a wanted key on its own (e.g. its cluster slot moved). */
  void resubscribe(String key) {
    if (interest.wants(key)) {
      interest.retry(List.of(key));
      apply();
    }
  }

  byte[] channel(String routingKey) {
    return (prefix + routingKey).getBytes(StandardCharsets.UTF_8);
  }

  private List<byte[]> channels(List<String> keys) {
    List<byte[]> channels = new ArrayList<>(keys.size() + 1);
    for (String key : keys) {
      channels.add(channel(key));
    }
    return channels;
  }
}
