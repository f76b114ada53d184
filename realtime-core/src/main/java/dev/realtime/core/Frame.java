package dev.realtime.core;

import java.nio.ByteBuffer;

/**
 * One encoded SSE frame, immutable once built and shared by every recipient of a broadcast: the
 * buffer is never written after construction and outlets must not move its position or limit.
 */
final class Frame {
  final ByteBuffer buffer;
  final int size;

  /** Coalescing key for {@code LATEST_PER_KEY}, or null. */
  final String key;

  /** Whether this is a real message (counts as activity for the idle timeout) or a comment. */
  final boolean message;

  Frame(byte[] bytes, String key, boolean message) {
    this.buffer = ByteBuffer.wrap(bytes);
    this.size = bytes.length;
    this.key = key;
    this.message = message;
  }
}
