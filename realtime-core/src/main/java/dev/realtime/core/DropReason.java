package dev.realtime.core;

import dev.realtime.SlowConsumerPolicy;
import java.util.Locale;

/** Why frames were discarded; the bounded tag of {@code realtime.messages.dropped}. */
enum DropReason {
  /** Refused by a full queue under DISCONNECT; the connection is closed. */
  SLOW_CONSUMER,
  /** Oldest queued frames discarded under DROP_OLDEST. */
  DROP_OLDEST,
  /** Replaced by a newer frame with the same key, or discarded, under LATEST_PER_KEY. */
  COALESCED,
  /** Still queued when the connection closed. */
  CLOSED,
  /** Not delivered to other nodes because the backplane publish failed. */
  BACKPLANE,
  /** Received from the backplane but not decodable (garbage or a foreign message). */
  MALFORMED;

  final String tag = name().toLowerCase(Locale.ROOT);

  static DropReason of(SlowConsumerPolicy policy) {
    return switch (policy) {
      case DISCONNECT -> SLOW_CONSUMER;
      case DROP_OLDEST -> DROP_OLDEST;
      case LATEST_PER_KEY -> COALESCED;
    };
  }
}
