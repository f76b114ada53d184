package dev.realtime.core;

import dev.realtime.spi.Target;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Rooms and their local members. Membership changes run inside {@link ConcurrentHashMap#compute}
 * while holding the connection's monitor, so a room and the connection's own room set always agree
 * and an emptied room is removed at once (the backplane is told to stop sending it). A broadcast
 * reads a cached member array (split by loop) without any lock; a change invalidates the cache and
 * the next broadcast rebuilds it, so joins and leaves stay O(1) even in rooms of 100,000.
 */
final class Rooms {
  static final ConnectionImpl[] NONE = new ConnectionImpl[0];
  private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
  private final BiConsumer<String, Boolean> interest;
  private final Function<ConnectionImpl[], ConnectionImpl[][]> byLoop;

  /**
   * @param byLoop splits a member array by the members' loops (what a broadcast hands each loop)
   */
  Rooms(
      BiConsumer<String, Boolean> interest, Function<ConnectionImpl[], ConnectionImpl[][]> byLoop) {
    this.interest = interest;
    this.byLoop = byLoop;
  }

  /**
   * @return false when already a member
   */
  boolean join(ConnectionImpl c, String room, int limit) {
    synchronized (c) {
      if (!c.isOpen() || !c.addRoom(room, limit)) {
        return false;
      }
      rooms.compute(
          room,
          (name, r) -> {
            if (r == null) {
              r = new Room();
              interest.accept(Target.roomKey(name), true);
            }
            r.add(c);
            return r;
          });
      return true;
    }
  }

  boolean leave(ConnectionImpl c, String room) {
    synchronized (c) {
      if (!c.removeRoom(room)) {
        return false;
      }
      removeMember(c, room);
      return true;
    }
  }

  /** Removes a closing connection from all its rooms. */
  void leaveAll(ConnectionImpl c) {
    synchronized (c) {
      for (String room : c.roomArray()) {
        c.removeRoom(room);
        removeMember(c, room);
      }
    }
  }

  /**
   * The room's members now, split by loop, without locking; null when the room has no local member.
   * The arrays are cached until the membership changes, so broadcasts in a row hand the loops the
   * same arrays (which lets a loop gather them into one write per member).
   */
  ConnectionImpl[][] members(String room) {
    Room r = rooms.get(room);
    return r == null ? null : r.snapshot();
  }

  int count() {
    return rooms.size();
  }

  Set<String> names() {
    return Set.copyOf(rooms.keySet());
  }

  private void removeMember(ConnectionImpl c, String room) {
    rooms.computeIfPresent(
        room,
        (name, r) -> {
          r.remove(c);
          if (r.isEmpty()) {
            interest.accept(Target.roomKey(name), false);
            return null;
          }
          return r;
        });
  }

  private final class Room {
    private final Set<ConnectionImpl> members = new HashSet<>();
    private volatile ConnectionImpl[][] snapshot;

    synchronized void add(ConnectionImpl c) {
      if (members.add(c)) {
        snapshot = null;
      }
    }

    synchronized void remove(ConnectionImpl c) {
      if (members.remove(c)) {
        snapshot = null;
      }
    }

    synchronized boolean isEmpty() {
      return members.isEmpty();
    }

    ConnectionImpl[][] snapshot() {
      ConnectionImpl[][] s = snapshot;
      if (s != null) {
        return s;
      }
      synchronized (this) {
        if (snapshot == null) {
          snapshot = byLoop.apply(members.toArray(NONE));
        }
        return snapshot;
      }
    }
  }
}
