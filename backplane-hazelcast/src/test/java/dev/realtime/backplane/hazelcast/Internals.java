package dev.realtime.backplane.hazelcast;

import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.instance.impl.LifecycleServiceImpl;
import com.hazelcast.spi.impl.eventservice.EventRegistration;
import com.hazelcast.spi.impl.eventservice.EventService;

/**
 * Hazelcast internals, for tests only: the public API neither counts nor removes another party's
 * listener registrations, and fires no lifecycle events.
 */
final class Internals {
  static final String TOPIC_SERVICE = "hz:impl:topicService";

  private Internals() {}

  /** Topics this member knows, i.e. topic proxies it holds (every member holds every topic). */
  static long topics(HazelcastInstance member, String prefix) {
    return member.getDistributedObjects().stream()
        .filter(o -> o.getServiceName().equals(TOPIC_SERVICE))
        .map(DistributedObject::getName)
        .filter(n -> n.startsWith(prefix))
        .count();
  }

  /**
   * Removes, cluster-wide, every registration that {@code owner} holds on a topic, behind the
   * backplane's back, as a lost registration would look.
   */
  static void dropRegistrations(HazelcastInstance owner, String topic) {
    EventService events = events(owner);
    for (EventRegistration r : events.getRegistrations(TOPIC_SERVICE, topic)) {
      if (r.getSubscriber().equals(owner.getCluster().getLocalMember().getAddress())) {
        events.deregisterListener(TOPIC_SERVICE, topic, r.getId());
      }
    }
  }

  /** Fires a lifecycle event on a member as Hazelcast would during a split-brain merge. */
  static void fire(HazelcastInstance member, LifecycleEvent.LifecycleState state) {
    ((LifecycleServiceImpl) member.getLifecycleService()).fireLifecycleEvent(state);
  }

  private static EventService events(HazelcastInstance member) {
    return ((HazelcastInstanceProxy) member).getOriginal().node.getNodeEngine().getEventService();
  }

  /** Listener registrations this member knows for the topics of these names. */
  static long registrations(HazelcastInstance member, Iterable<String> topics) {
    EventService events = events(member);
    long n = 0;
    for (String t : topics) {
      n += events.getRegistrations(TOPIC_SERVICE, t).size();
    }
    return n;
  }
}
