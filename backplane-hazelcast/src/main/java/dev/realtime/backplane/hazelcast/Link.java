package dev.realtime.backplane.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import com.hazelcast.topic.ITopic;
import dev.realtime.spi.BackplaneHealth;
import dev.realtime.spi.BackplaneListener;
import dev.realtime.spi.BackplaneState;
import dev.realtime.spi.Envelope;
import dev.realtime.spi.EnvelopeCodec;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One started {@link HazelcastBackplane}: the instance, its {@link Registrations} and {@link
 * Connectivity}.
 *
 * <p>Only the worker thread adds and removes registrations, and it is the only thread that makes
 * blocking Hazelcast calls. Hazelcast's lifecycle callbacks just record the change and post work,
 * except {@code DOWN}, which is reported at once. After every (re)connection the worker proves each
 * registration with a probe ({@link Probes}) and replaces those that do not deliver before it
 * reports {@code RECOVERED}, so a listener is never silently lost, whatever Hazelcast re-registered
 * on its own.
 */
final class Link {
  private static final System.Logger LOG = System.getLogger(HazelcastBackplane.class.getName());
  private static final long RETRY_MILLIS = 250;

  /**
   * Probes still missing this long after a (re)connection mean a registration does not deliver:
   * replace it. A smart client registers on each member once it has connected to it, which it does
   * for every member within about a second, so probes may well take that long; a lost registration
   * takes forever.
   */
  private static final long REPLACE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(3);

  private final HazelcastSettings settings;
  private final Shards shards;
  private final Interest interest;
  private final String nodeId;
  private final Registrations registrations;
  private final Probes probes;
  private final Connectivity connectivity;
  private final Lifecycle lifecycle = new Lifecycle();
  private final Membership membership = new Membership();
  private final ScheduledThreadPoolExecutor worker;
  private final AtomicBoolean syncPending = new AtomicBoolean();
  private final AtomicBoolean retryPending = new AtomicBoolean();
  private final CompletableFuture<Void> firstReady = new CompletableFuture<>();

  private volatile HazelcastInstance instance;
  private volatile boolean client;
  private UUID lifecycleId;
  private UUID membershipId;
  // Worker thread only.
  private long syncedEpoch = -1;
  private long provingSince;

  Link(
      HazelcastSettings settings,
      Shards shards,
      Interest interest,
      String nodeId,
      BackplaneListener listener) {
    this.settings = settings;
    this.shards = shards;
    this.interest = interest;
    this.nodeId = nodeId;
    this.probes = new Probes(nodeId, shards, () -> post(this::reconcile));
    this.registrations =
        new Registrations(shards, new Receiver(nodeId, interest, probes, listener));
    this.connectivity = new Connectivity(listener);
    this.worker =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "realtime-hazelcast-" + nodeId);
              t.setDaemon(true);
              return t;
            });
    worker.setRemoveOnCancelPolicy(true);
  }

  /**
   * Starts or adopts the instance and listens to the shards wanted so far. An embedded member
   * returns once it has joined (or formed) its cluster; a client waits at most the connect timeout
   * for the cluster and otherwise reports {@code DOWN} and keeps connecting in the background.
   */
  void start() {
    HazelcastInstance hz =
        switch (settings.mode()) {
          case MEMBER ->
              Hazelcast.newHazelcastInstance(
                  Configs.member(settings, nodeId, lifecycle, membership));
          case CLIENT ->
              HazelcastClient.newHazelcastClient(
                  Configs.client(settings, nodeId, lifecycle, membership));
          case INSTANCE -> adopt(settings.instance().orElseThrow());
        };
    instance = hz;
    client = !(hz.getLocalEndpoint() instanceof Member);
    if (settings.mode() != HazelcastSettings.Mode.CLIENT && hz.getLifecycleService().isRunning()) {
      // A member is its own cluster, even when alone. A client the host built is normally
      // connected; if not, the registrations fail and are retried until they succeed.
      connected();
    } else {
      post(this::reconcile); // the client may have connected before newHazelcastClient returned
    }
    try {
      firstReady.get(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      LOG.log(
          Level.WARNING,
          "Hazelcast backplane not connected after "
              + settings.connectTimeout()
              + "; connecting in the background");
      connectivity.downUnlessReady("not connected to cluster '" + clusterName() + "' yet");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private HazelcastInstance adopt(HazelcastInstance hz) {
    lifecycleId = hz.getLifecycleService().addLifecycleListener(lifecycle);
    membershipId = hz.getCluster().addMembershipListener(membership);
    return hz;
  }

  CompletionStage<Void> publish(Envelope envelope) {
    if (connectivity.closed()) {
      return failed("Hazelcast backplane is closed");
    }
    ITopic<Object> topic = registrations.topic(envelope.target().routingKey());
    if (topic == null || !connectivity.usable()) {
      String why = connectivity.problem();
      return failed("Hazelcast backplane is not connected" + (why.isEmpty() ? "" : ": " + why));
    }
    CompletableFuture<Void> result = new CompletableFuture<>();
    try {
      // Completed on the thread that completes Hazelcast's future: its default executor starts a
      // thread per callback when the common pool has one thread (two cores or fewer).
      topic
          .publishAsync(EnvelopeCodec.encode(envelope))
          .whenCompleteAsync(
              (ok, error) -> {
                if (error == null) {
                  result.complete(null);
                } else {
                  result.completeExceptionally(error);
                }
              },
              Runnable::run);
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
    long timeout = settings.publishTimeout().toMillis();
    // A client may hold an invocation while it fails over; the hub must hear back quickly.
    return result
        .orTimeout(timeout, TimeUnit.MILLISECONDS)
        .exceptionally(
            e -> {
              Throwable cause = e instanceof CompletionException ? e.getCause() : e;
              if (cause instanceof TimeoutException) {
                cause =
                    new TimeoutException(
                        "Hazelcast did not take the message within " + timeout + " ms");
              }
              throw new CompletionException(cause);
            });
  }

  void interestChanged() {
    if (syncPending.compareAndSet(false, true)) {
      post(this::reconcile);
    }
  }

  BackplaneHealth health() {
    StringBuilder detail = new StringBuilder(client ? "client" : "member");
    detail.append(" of cluster '").append(clusterName()).append("', ");
    detail.append(memberCount()).append(" member(s), ");
    detail.append(registrations.listened()).append('/').append(shards.count());
    detail.append(" shard topics listened");
    BackplaneState state = connectivity.state();
    String problem = connectivity.problem();
    if (state == BackplaneState.DOWN && !problem.isEmpty()) {
      detail.append(", ").append(problem);
    }
    return new BackplaneHealth(HazelcastBackplane.NAME, state, detail.toString());
  }

  /**
   * Removes the registrations from a host's instance (they would outlive the backplane there),
   * stops the worker, and shuts down an instance this backplane started, gracefully.
   */
  void close() {
    connectivity.close();
    HazelcastInstance hz = instance;
    try {
      if (!settings.ownsInstance() && hz != null) {
        worker
            .submit(() -> registrations.hasTopics() && registrations.removeAll())
            .get(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
      LOG.log(Level.WARNING, "Hazelcast backplane could not remove its listeners: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    worker.shutdownNow();
    try {
      if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.log(Level.WARNING, "Hazelcast backplane worker did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (hz == null) {
      return;
    }
    if (settings.ownsInstance()) {
      hz.shutdown();
      return;
    }
    try {
      hz.getLifecycleService().removeLifecycleListener(lifecycleId);
      hz.getCluster().removeMembershipListener(membershipId);
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "Could not remove listeners from a stopped instance: " + e);
    }
  }

  // ---- worker thread ----

  /**
   * Brings the registrations in line with the interest. After a (re)connection it also proves them:
   * a probe through every listened shard must come back before the connection is declared ready
   * ({@code RECOVERED}); a shard still silent after three seconds gets its registration replaced.
   * Failures are retried shortly.
   */
  private void reconcile() {
    syncPending.set(false);
    if (connectivity.closed()) {
      return;
    }
    long e = connectivity.epoch();
    if (instance == null || !connectivity.connected()) {
      return; // the next connection posts a reconcile that applies everything
    }
    try {
      boolean complete;
      if (syncedEpoch != e) {
        registrations.createTopics(instance);
        syncedEpoch = e;
        provingSince = System.nanoTime();
        complete = registrations.apply(interest);
        probes.begin(nodeId + "@" + e, registrations.listenedShards());
        sendProbes();
      } else {
        complete = registrations.apply(interest);
      }
      if (!complete) {
        retryLater();
      } else if (!connectivity.ready()) {
        prove(e);
      }
    } catch (RuntimeException ex) {
      LOG.log(Level.DEBUG, "Hazelcast backplane could not reconcile, retrying: " + ex);
      retryLater();
    }
  }

  /** Declares epoch {@code e} ready once every probe came back; else probes (and repairs) again. */
  private void prove(long e) {
    // Shards left since the round began need no proof; shards added since are fresh registrations.
    probes.missing().retainAll(registrations.listenedShards());
    if (probes.missing().isEmpty()) {
      connectivity.ready(e);
      firstReady.complete(null);
      return;
    }
    if (System.nanoTime() - provingSince > REPLACE_AFTER_NANOS) {
      // Hazelcast's own re-registration has long finished: this registration does not deliver.
      for (int s : List.copyOf(probes.missing())) {
        LOG.log(Level.WARNING, "Hazelcast backplane replaces its listener on " + shards.topic(s));
        if (!registrations.replace(s, interest)) {
          retryLater();
          return;
        }
      }
      provingSince = System.nanoTime();
    }
    sendProbes();
    retryLater();
  }

  private void sendProbes() {
    for (int s : probes.missing()) {
      registrations.publishQuietly(s, EnvelopeCodec.encode(probes.probe(s)));
    }
  }

  private void retryLater() {
    if (!connectivity.closed() && retryPending.compareAndSet(false, true)) {
      try {
        worker.schedule(
            () -> {
              retryPending.set(false);
              reconcile();
            },
            RETRY_MILLIS,
            TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        retryPending.set(false); // closing
      }
    }
  }

  private void post(Runnable task) {
    try {
      worker.execute(
          () -> {
            try {
              task.run();
            } catch (RuntimeException e) {
              LOG.log(Level.WARNING, "Hazelcast backplane task failed", e);
            }
          });
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  // ---- helpers ----

  private void connected() {
    connectivity.up();
    post(this::reconcile);
  }

  private String clusterName() {
    HazelcastInstance hz = instance;
    try {
      return hz == null ? settings.clusterName() : hz.getConfig().getClusterName();
    } catch (RuntimeException e) {
      return settings.clusterName();
    }
  }

  private int memberCount() {
    HazelcastInstance hz = instance;
    try {
      return hz == null || !connectivity.connected() ? 0 : hz.getCluster().getMembers().size();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static CompletionStage<Void> failed(String why) {
    return CompletableFuture.failedFuture(new IllegalStateException(why));
  }

  /** Hazelcast's lifecycle callbacks: they only record the change, report DOWN and post work. */
  private final class Lifecycle implements LifecycleListener {
    @Override
    public void stateChanged(LifecycleEvent event) {
      if (connectivity.closed()) {
        return;
      }
      switch (event.getState()) {
        case CLIENT_CONNECTED, CLIENT_CHANGED_CLUSTER, MERGED, MERGE_FAILED -> {
          LOG.log(Level.INFO, "Hazelcast backplane of node " + nodeId + ": " + event.getState());
          connected();
        }
        case CLIENT_DISCONNECTED ->
            connectivity.down("disconnected from cluster '" + clusterName() + "'");
        case MERGING -> connectivity.down("merging after a split brain");
        case SHUTTING_DOWN, SHUTDOWN -> connectivity.down("the Hazelcast instance was shut down");
        default -> {
          // STARTING, STARTED: nothing to do
        }
      }
    }
  }

  /** Logs membership changes; the health detail counts the members. */
  private final class Membership implements MembershipListener {
    @Override
    public void memberAdded(MembershipEvent event) {
      if (!event.getMember().localMember()) {
        LOG.log(Level.INFO, "Hazelcast member joined: " + event.getMember().getAddress());
      }
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
      LOG.log(
          Level.INFO,
          "Hazelcast member left: "
              + event.getMember().getAddress()
              + " ("
              + event.getMembers().size()
              + " remain)");
    }
  }
}
