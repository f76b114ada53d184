package dev.realtime.backplane.hazelcast;

import dev.realtime.spi.BackplaneListener;
import dev.realtime.spi.BackplaneState;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the instance can reach its cluster, and the state the hub was told.
 *
 * <p>Every change of connectivity bumps the {@linkplain #epoch() epoch}, so the worker can tell
 * whether the registrations it just made still belong to the current connection. {@code DOWN} is
 * reported as soon as the connection is lost; {@code RECOVERED} only when the worker {@linkplain
 * #ready declares} every registration of the current epoch in place. Transitions are serialized, so
 * the hub never hears {@code RECOVERED} before the {@code DOWN} it follows.
 */
final class Connectivity {
  private static final System.Logger LOG = System.getLogger(HazelcastBackplane.class.getName());

  private final BackplaneListener listener;
  private final AtomicLong epoch = new AtomicLong();
  private volatile boolean connected;
  private volatile boolean ready;
  private volatile boolean closed;
  private volatile BackplaneState state = BackplaneState.UP;
  private volatile String problem = "";

  Connectivity(BackplaneListener listener) {
    this.listener = listener;
  }

  long epoch() {
    return epoch.get();
  }

  boolean connected() {
    return connected;
  }

  boolean ready() {
    return ready;
  }

  BackplaneState state() {
    return state;
  }

  /** Why it is down, empty when it is not. */
  String problem() {
    return problem;
  }

  /** Whether a publish may go to Hazelcast now. */
  boolean usable() {
    return connected && state != BackplaneState.DOWN;
  }

  /** Connected (again): a new epoch whose registrations the worker must make. */
  synchronized void up() {
    connected = true;
    epoch.incrementAndGet();
  }

  /** Lost the cluster: DOWN at once. */
  synchronized void down(String why) {
    connected = false;
    ready = false;
    epoch.incrementAndGet();
    problem = why;
    report(BackplaneState.DOWN);
  }

  /** The worker put every registration of epoch {@code e} in place. */
  synchronized void ready(long e) {
    if (epoch.get() == e && connected) {
      ready = true;
      report(BackplaneState.RECOVERED);
    }
  }

  /** Start gave up waiting for the first connection: DOWN, unless the worker finished meanwhile. */
  synchronized void downUnlessReady(String why) {
    if (!ready) {
      problem = why;
      report(BackplaneState.DOWN);
    }
  }

  /** From now on nothing but DOWN is reported, and lifecycle events are ignored. */
  void close() {
    closed = true;
  }

  boolean closed() {
    return closed;
  }

  /** Reports a change; RECOVERED only after DOWN, never the same state twice in a row. */
  private void report(BackplaneState next) {
    BackplaneState now = state;
    if (now == next
        || (next == BackplaneState.RECOVERED && now != BackplaneState.DOWN)
        || (closed && next != BackplaneState.DOWN)) {
      return;
    }
    state = next;
    if (next != BackplaneState.DOWN) {
      problem = "";
    }
    try {
      listener.onStateChange(next);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "The hub failed to take a state change", e);
    }
  }
}
