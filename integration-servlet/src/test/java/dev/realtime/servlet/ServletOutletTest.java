package dev.realtime.servlet;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The outlet's non-blocking protocol against a scripted output stream. */
class ServletOutletTest {

  /** An output stream whose readiness the test sets; counts flushes. */
  static final class ScriptedStream extends ServletOutputStream {
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    boolean ready = true;
    int flushes;
    int isReadyCalls;
    boolean recycled;

    /** Runs inside the next isReady() call, to interleave a container callback. */
    Runnable onIsReady;

    @Override
    public boolean isReady() {
      isReadyCalls++;
      Runnable r = onIsReady;
      onIsReady = null;
      if (r != null) {
        r.run();
      }
      return ready;
    }

    @Override
    public void setWriteListener(WriteListener listener) {}

    @Override
    public void write(int b) {
      written.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (recycled) {
        throw new NullPointerException("recycled by the container");
      }
      written.write(b, off, len);
    }

    @Override
    public void flush() {
      flushes++;
    }

    String text() {
      return written.toString(UTF_8);
    }
  }

  private final ScriptedStream out = new ScriptedStream();
  private final AtomicInteger completes = new AtomicInteger();
  private final AtomicInteger callbacks = new AtomicInteger();
  private final AsyncContext async =
      (AsyncContext)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {AsyncContext.class},
              (proxy, method, args) -> {
                if (method.getName().equals("complete")) {
                  if (completes.incrementAndGet() > 1) {
                    throw new IllegalStateException("already completed");
                  }
                  return null;
                }
                throw new UnsupportedOperationException(method.getName());
              });
  private final ServletOutlet outlet = new ServletOutlet(async, out);

  {
    outlet.onWritable(callbacks::incrementAndGet);
  }

  private static ByteBuffer[] frames(String... texts) {
    ByteBuffer[] frames = new ByteBuffer[texts.length];
    for (int i = 0; i < texts.length; i++) {
      frames[i] = ByteBuffer.wrap(texts[i].getBytes(UTF_8));
    }
    return frames;
  }

  @Test
  void takesNothingUntilTheFirstOnWritePossibleThenFlushesHeadersAndCallsBack() throws Exception {
    assertThat(outlet.write(frames("a"), 0, 1)).isZero();
    assertThat(out.isReadyCalls).as("isReady is not valid before the listener runs").isZero();

    outlet.onWritePossible();

    assertThat(out.flushes).isEqualTo(1);
    assertThat(callbacks).hasValue(1);
  }

  @Test
  void writesWholeFramesFromOffsetWithOneFlushPerBatchWithoutMovingBuffers() throws Exception {
    outlet.onWritePossible();
    ByteBuffer[] frames = frames("skip", "one\n", "two\n", "three\n");
    ByteBuffer shared = frames[2];

    assertThat(outlet.write(frames, 1, 3)).isEqualTo(3);

    assertThat(out.text()).isEqualTo("one\ntwo\nthree\n");
    assertThat(out.flushes).isEqualTo(2); // headers + one for the batch
    assertThat(shared.position()).isZero();
    assertThat(shared.limit()).isEqualTo(4);
  }

  @Test
  void readsDirectBuffersWithoutMovingThem() throws Exception {
    outlet.onWritePossible();
    ByteBuffer direct = ByteBuffer.allocateDirect(3).put("abc".getBytes(UTF_8)).flip();

    assertThat(outlet.write(new ByteBuffer[] {direct}, 0, 1)).isEqualTo(1);

    assertThat(out.text()).isEqualTo("abc");
    assertThat(direct.position()).isZero();
  }

  @Test
  void stopsWhenTheContainerIsNotReadyAndFlushesTheTailOnTheNextCallback() throws Exception {
    outlet.onWritePossible();
    // true for the first frame, then false: the container holds a pending write.
    out.onIsReady = () -> out.onIsReady = () -> out.ready = false;

    assertThat(outlet.write(frames("a", "b", "c"), 0, 3)).isEqualTo(1);
    int flushesBefore = out.flushes;
    assertThat(flushesBefore).as("no flush while not ready").isEqualTo(1);

    // The pending write completed; the hub may have nothing more to write, so the outlet must
    // flush what the container kept from the batch by itself.
    out.ready = true;
    outlet.onWritePossible();

    assertThat(out.flushes).isEqualTo(flushesBefore + 1);
    assertThat(callbacks).hasValue(2);
  }

  @Test
  void aCallbackWhileTheDrainHoldsTheStreamHandsTheFlushToTheDrain() throws Exception {
    outlet.onWritePossible();
    int flushes = out.flushes;
    int callbacksBefore = callbacks.get();
    out.onIsReady = // 1st isReady(): the frame may be written
        () ->
            out.onIsReady = // 2nd, the batch's flush check: a write is pending...
                () -> {
                  out.ready = false;
                  out.onIsReady = () -> out.ready = true; // 3rd: ...and has completed
                  // ...and completes at once: the container calls back while the drain still
                  // holds the stream, so the container must leave the stream alone.
                  try {
                    outlet.onWritePossible();
                  } catch (IOException e) {
                    throw new AssertionError(e);
                  }
                };

    assertThat(outlet.write(frames("x"), 0, 1)).isEqualTo(1);

    assertThat(callbacks).hasValue(callbacksBefore + 1);
    assertThat(out.flushes).as("the drain flushed on its way out").isEqualTo(flushes + 1);
    assertThat(out.isReadyCalls).isEqualTo(1 + 3);
  }

  @Test
  void closeCompletesOnceAndLaterWritesReportTheClientGone() throws Exception {
    outlet.onWritePossible();

    outlet.close();
    outlet.close();

    assertThat(completes).hasValue(1);
    assertThatThrownBy(() -> outlet.write(frames("late"), 0, 1)).isInstanceOf(IOException.class);
  }

  @Test
  void aResponseTheContainerRecycledIsAWriteErrorForTheHub() throws Exception {
    outlet.onWritePossible();
    out.recycled = true;

    assertThatThrownBy(() -> outlet.write(frames("x"), 0, 1))
        .isInstanceOf(IOException.class)
        .hasMessage("response no longer usable");
    // The stream was let go: a later callback can still flush.
    out.recycled = false;
    assertThat(outlet.write(frames("y"), 0, 1)).isEqualTo(1);
  }

  @Test
  void containerErrorsAfterCompletionAreSwallowed() {
    completes.set(1); // the container already completed: complete() throws
    outlet.close();
    assertThat(completes).hasValue(2);
  }

  @Test
  void aCloseWhileAWriteHoldsTheStreamCompletesOnlyAfterTheWriteLetsGo() throws Exception {
    outlet.onWritePossible();
    int[] completesSeenInsideWrite = {-1};
    // Runs inside the write's isReady(): another thread (eviction, shutdown) closes meanwhile.
    out.onIsReady =
        () -> {
          outlet.close();
          completesSeenInsideWrite[0] = completes.get();
        };

    assertThat(outlet.write(frames("a\n"), 0, 1)).isEqualTo(1);

    assertThat(completesSeenInsideWrite[0]).as("complete() must wait for the writer").isZero();
    assertThat(completes).as("the writer completes on its way out").hasValue(1);
    assertThatThrownBy(() -> outlet.write(frames("b\n"), 0, 1)).isInstanceOf(IOException.class);
    outlet.close();
    assertThat(completes).hasValue(1);
    assertThat(out.text()).isEqualTo("a\n");
  }
}
