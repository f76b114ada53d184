package dev.realtime.core;

import dev.realtime.ConnectionRejectedException;
import dev.realtime.ConnectionRejectedException.Reason;
import dev.realtime.OverflowPolicy;
import dev.realtime.spi.Target;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Connections keyed by resource, with the per-resource and node-wide caps. Exact under concurrency:
 * the node-wide slot is reserved with a CAS before the resource entry is changed, and each resource
 * entry is changed only inside {@link ConcurrentHashMap#compute}, so neither cap is ever exceeded
 * and a slot is released exactly once, by the connection's single close.
 */
final class Registry {
  private final int maxPerResource;
  private final int maxTotal;
  private final OverflowPolicy overflow;
  private final BiConsumer<String, Boolean> interest;
  private final ConcurrentHashMap<String, ConnectionImpl[]> resources = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ConnectionImpl> byId = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();

  /**
   * @param interest told {@code (routingKey, true)} when a resource gets its first connection here
   *     and {@code false} when it loses its last
   */
  Registry(
      int maxPerResource,
      int maxTotal,
      OverflowPolicy overflow,
      BiConsumer<String, Boolean> interest) {
    this.maxPerResource = maxPerResource;
    this.maxTotal = maxTotal;
    this.overflow = overflow;
    this.interest = interest;
  }

  /**
   * Takes a slot for the connection.
   *
   * @return the connection evicted to make room (to be closed by the caller), or null
   * @throws ConnectionRejectedException when a cap is reached
   */
  ConnectionImpl register(ConnectionImpl c) {
    int t;
    do {
      t = total.get();
      if (t >= maxTotal) {
        throw new ConnectionRejectedException(
            Reason.GLOBAL_LIMIT,
            c.resource(),
            t,
            maxTotal,
            "Connection limit reached for this node (" + t + "/" + maxTotal + ")");
      }
    } while (!total.compareAndSet(t, t + 1));

    ConnectionImpl[] evicted = new ConnectionImpl[1];
    int[] full = {-1};
    resources.compute(
        c.resource(),
        (key, members) -> {
          if (members == null) {
            interest.accept(Target.resourceKey(key), true);
            byId.put(c.id(), c);
            return new ConnectionImpl[] {c};
          }
          if (members.length >= maxPerResource) {
            if (overflow == OverflowPolicy.REJECT_NEW) {
              full[0] = members.length;
              return members;
            }
            // Oldest first: connections are appended in open order.
            evicted[0] = members[0];
            members = Arrays.copyOfRange(members, 1, members.length);
          }
          // Published by id inside the compute: nothing (a shutdown pass, an eviction by a later
          // open of the same resource) can see a connection that is half registered.
          byId.put(c.id(), c);
          ConnectionImpl[] grown = Arrays.copyOf(members, members.length + 1);
          grown[members.length] = c;
          return grown;
        });
    if (full[0] >= 0) {
      total.decrementAndGet();
      throw new ConnectionRejectedException(
          Reason.RESOURCE_LIMIT,
          c.resource(),
          full[0],
          maxPerResource,
          "Connection limit reached for resource: "
              + LogSafe.escape(c.resource())
              + " ("
              + full[0]
              + "/"
              + maxPerResource
              + ")");
    }
    return evicted[0];
  }

  /** Releases the connection's slot; called once per connection, by its close. */
  void deregister(ConnectionImpl c) {
    byId.remove(c.id(), c);
    resources.computeIfPresent(
        c.resource(),
        (key, members) -> {
          int i = indexOf(members, c);
          if (i < 0) {
            return members; // already removed by an eviction
          }
          if (members.length == 1) {
            interest.accept(Target.resourceKey(key), false);
            return null;
          }
          ConnectionImpl[] shrunk = new ConnectionImpl[members.length - 1];
          System.arraycopy(members, 0, shrunk, 0, i);
          System.arraycopy(members, i + 1, shrunk, i, members.length - i - 1);
          return shrunk;
        });
    total.decrementAndGet();
  }

  /** The resource's connections now; a snapshot safe to iterate without a lock. */
  ConnectionImpl[] members(String resource) {
    ConnectionImpl[] m = resources.get(resource);
    return m == null ? Rooms.NONE : m;
  }

  ConnectionImpl get(String id) {
    return byId.get(id);
  }

  Collection<ConnectionImpl> all() {
    return byId.values();
  }

  int total() {
    return total.get();
  }

  Map<String, Integer> countsPerResource() {
    Map<String, Integer> counts = new HashMap<>();
    resources.forEach((k, v) -> counts.put(k, v.length));
    return counts;
  }

  private static int indexOf(ConnectionImpl[] members, ConnectionImpl c) {
    for (int i = 0; i < members.length; i++) {
      if (members[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
