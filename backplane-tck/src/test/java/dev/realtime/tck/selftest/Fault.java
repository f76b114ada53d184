package dev.realtime.tck.selftest;

import java.util.List;

/** A way a backplane can break the contract, and the contract tests that must catch it. */
enum Fault {
  /** A correct backplane: every contract test passes. */
  NONE(),
  /** Hands every envelope to the hub twice. */
  DUPLICATES("broadcastReachesEveryNodeExactlyOnce"),
  /** Delivers what a node publishes back to that node. */
  ECHOES("publisherDoesNotReceiveItsOwnBroadcastBack"),
  /** Subscribes every node to every key any node is interested in. */
  IGNORES_INTEREST("nodeWithoutMembersInRoomReceivesNothingForIt"),
  /** Never unsubscribes. */
  NEVER_UNSUBSCRIBES("nodeStopsReceivingAfterItsLastMemberLeaves"),
  /** Swaps adjacent test messages. */
  REORDERS("messagesFromOnePublisherArriveInOrder"),
  /** Carries data as UTF-8 text, corrupting bytes that are not. */
  TEXT_CODEC("payloadsArriveIntact"),
  /** Silently ignores subscriptions beyond the first 5,000 on a node. */
  CAPS_SUBSCRIPTIONS("tenThousandRoomsEachGetTheirMessage"),
  /** Never subscribes to node keys, so single connections on other nodes are unreachable. */
  NO_NODE_KEYS("resourceAndConnectionTargetsReachOtherNodes"),
  /** Closing one node takes the whole cluster down. */
  CLOSE_BREAKS_CLUSTER("closedNodeLeavesAndRestartedNodeRejoins"),
  /** Reports success for publishes during an outage and drops them. */
  SILENT_DURING_OUTAGE("outageFailsRemoteDeliveryAndRecoveryTellsClients"),
  /** Holds publishes during an outage and sends them once it ends. */
  REPLAYS_AFTER_OUTAGE("outageFailsRemoteDeliveryAndRecoveryTellsClients"),
  /** Never reports DOWN. */
  HIDES_OUTAGE("outageFailsRemoteDeliveryAndRecoveryTellsClients"),
  /** Reports UP instead of RECOVERED, so clients are not told they may have missed messages. */
  UP_INSTEAD_OF_RECOVERED("outageFailsRemoteDeliveryAndRecoveryTellsClients");

  final List<String> caughtBy;

  Fault(String... caughtBy) {
    this.caughtBy = List.of(caughtBy);
  }
}
