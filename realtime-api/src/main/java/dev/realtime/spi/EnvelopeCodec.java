package dev.realtime.spi;

import dev.realtime.Message;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The binary wire form of an {@link Envelope}, shared by every backplane so nodes built with
 * different backplanes' versions read each other. Never Java serialization.
 *
 * <p>Layout (big-endian): the magic byte {@code 0xE7}, the version byte {@value #VERSION}, origin
 * node, target kind (ordinal), target name, offset ({@code long}), epoch, a flags byte (event, id,
 * coalescing key present), those optional strings, then the data length ({@code int}) and data.
 * Strings are an unsigned 16-bit byte length and UTF-8 bytes.
 */
public final class EnvelopeCodec {
  /** First byte of every encoded envelope; lets a receiver reject foreign traffic cheaply. */
  public static final byte MAGIC = (byte) 0xE7;

  /** The format version this codec writes and reads. */
  public static final byte VERSION = 1;

  private static final int EVENT = 1;
  private static final int ID = 2;
  private static final int KEY = 4;

  private EnvelopeCodec() {}

  /**
   * Encodes an envelope.
   *
   * @param envelope the envelope
   * @return its wire form
   */
  public static byte[] encode(Envelope envelope) {
    Message m = envelope.message();
    byte[] origin = utf8(envelope.originNode());
    byte[] target = utf8(envelope.target().name());
    byte[] epoch = utf8(envelope.epoch());
    byte[] event = utf8(m.event().orElse(""));
    byte[] id = utf8(m.id().orElse(""));
    byte[] key = utf8(m.coalescingKey().orElse(""));
    byte[] data = m.data();
    int size =
        2
            + 2
            + origin.length
            + 1
            + 2
            + target.length
            + 8
            + 2
            + epoch.length
            + 1
            + 6
            + event.length
            + id.length
            + key.length
            + 4
            + data.length;
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put(MAGIC).put(VERSION);
    string(b, origin);
    b.put((byte) envelope.target().kind().ordinal());
    string(b, target);
    b.putLong(envelope.offset());
    string(b, epoch);
    int flags =
        (m.event().isPresent() ? EVENT : 0)
            | (m.id().isPresent() ? ID : 0)
            | (m.coalescingKey().isPresent() ? KEY : 0);
    b.put((byte) flags);
    string(b, event);
    string(b, id);
    string(b, key);
    b.putInt(data.length).put(data);
    return b.array();
  }

  /**
   * Decodes an envelope, validating every field as the API would.
   *
   * @param bytes the wire form
   * @return the envelope
   * @throws IllegalArgumentException when the bytes are not an envelope of this version
   */
  public static Envelope decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    try {
      if (b.get() != MAGIC) {
        throw new IllegalArgumentException("not a realtime envelope (bad magic byte)");
      }
      byte version = b.get();
      if (version != VERSION) {
        throw new IllegalArgumentException(
            "unsupported envelope version " + version + " (this node reads " + VERSION + ")");
      }
      String origin = string(b);
      int kind = b.get();
      if (kind < 0 || kind >= Target.Kind.values().length) {
        throw new IllegalArgumentException("unknown target kind " + kind);
      }
      Target target = new Target(Target.Kind.values()[kind], string(b));
      long offset = b.getLong();
      String epoch = string(b);
      int flags = b.get();
      String event = string(b);
      String id = string(b);
      String key = string(b);
      int length = b.getInt();
      if (length < 0 || length > b.remaining()) {
        throw new IllegalArgumentException("data length " + length + " exceeds the envelope");
      }
      byte[] data = new byte[length];
      b.get(data);
      if (b.hasRemaining()) {
        throw new IllegalArgumentException(b.remaining() + " trailing bytes after the envelope");
      }
      Message.Builder m = Message.builder().data(data);
      if ((flags & EVENT) != 0) {
        m.event(event);
      }
      if ((flags & ID) != 0) {
        m.id(id);
      }
      if ((flags & KEY) != 0) {
        m.coalescingKey(key);
      }
      return new Envelope(origin, target, m.build(), offset, epoch);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated envelope (" + bytes.length + " bytes)", e);
    }
  }

  private static byte[] utf8(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > 0xFFFF) {
      throw new IllegalArgumentException("string field longer than 65535 bytes");
    }
    return b;
  }

  private static void string(ByteBuffer b, byte[] s) {
    b.putShort((short) s.length).put(s);
  }

  private static String string(ByteBuffer b) {
    int n = Short.toUnsignedInt(b.getShort());
    if (n > b.remaining()) {
      throw new IllegalArgumentException("string length " + n + " exceeds the envelope");
    }
    byte[] s = new byte[n];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }
}
