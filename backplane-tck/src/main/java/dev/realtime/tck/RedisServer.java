package dev.realtime.tck;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * A {@code redis-server} child process on a free port of 127.0.0.1, with no persistence, in its own
 * temporary directory ({@code redis-server} must be on the PATH; {@code .ci/run} installs it).
 * Tests can {@link #kill9()} it and {@link #restart()} it on the same port.
 */
public final class RedisServer implements AutoCloseable {
  /** The server executable. */
  public static final String SERVER = "redis-server";

  /** The command-line client executable. */
  public static final String CLI = "redis-cli";

  private final int port;
  private final Path dir;
  private final List<String> command;
  private Process process;

  private RedisServer(int port, Path dir, List<String> command) {
    this.port = port;
    this.dir = dir;
    this.command = List.copyOf(command);
  }

  /**
   * Starts a standalone server and waits until it answers PING.
   *
   * @return the running server
   */
  public static RedisServer start() {
    return start((port, dir) -> List.of());
  }

  /**
   * Starts a server with extra arguments (e.g. cluster mode) and waits until it answers PING.
   *
   * @param extraArgs makes the arguments from the chosen port and the server's directory
   */
  public static RedisServer start(BiFunction<Integer, Path, List<String>> extraArgs) {
    try {
      int port = freePort();
      Path dir = Files.createTempDirectory("realtime-redis-");
      List<String> command =
          new ArrayList<>(
              List.of(
                  SERVER,
                  "--port",
                  "" + port,
                  "--bind",
                  "127.0.0.1",
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--dir",
                  dir.toString()));
      command.addAll(extraArgs.apply(port, dir));
      return launched(new RedisServer(port, dir, command));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a Sentinel that monitors the given primary as {@code mymaster}. */
  public static RedisServer startSentinel(RedisServer primary) {
    try {
      int port = freePort();
      Path dir = Files.createTempDirectory("realtime-sentinel-");
      Path conf = dir.resolve("sentinel.conf");
      Files.writeString(
          conf,
          "port "
              + port
              + "\nbind 127.0.0.1\ndir "
              + dir
              + "\nsentinel monitor mymaster 127.0.0.1 "
              + primary.port()
              + " 1\n");
      return launched(new RedisServer(port, dir, List.of(SERVER, conf.toString(), "--sentinel")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static RedisServer launched(RedisServer s) {
    try {
      s.launch();
      return s;
    } catch (RuntimeException | Error e) {
      s.close();
      throw e;
    }
  }

  public int port() {
    return port;
  }

  public Path dir() {
    return dir;
  }

  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Kills the process with SIGKILL, as a crash would, and waits until it is gone. */
  public synchronized void kill9() {
    Process p = process;
    if (p == null) {
      return;
    }
    p.destroyForcibly();
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Starts the server again on the same port (after {@link #kill9()}). */
  public synchronized void restart() {
    kill9();
    launch();
  }

  /** Runs {@code redis-cli -p PORT args...} and returns its output. */
  public String cli(String... args) {
    List<String> command = new ArrayList<>(List.of(CLI, "-h", "127.0.0.1", "-p", "" + port));
    command.addAll(List.of(args));
    return run(command);
  }

  @Override
  public synchronized void close() {
    kill9();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp directory is not worth failing a test for
    }
  }

  private synchronized void launch() {
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + SERVER + " (is it installed?)", e);
    }
    Process started = process;
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .alias(SERVER + " on port " + port + " to answer PING")
        .until(
            () -> {
              if (!started.isAlive()) {
                throw new IllegalStateException(
                    SERVER + " exited: " + Files.readString(dir.resolve("server.log")));
              }
              return pings();
            });
  }

  /** Whether the server answers PING now (over a raw socket, no client library). */
  public boolean pings() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      s.setSoTimeout(500);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      byte[] reply = new byte[7];
      int n = s.getInputStream().readNBytes(reply, 0, 7);
      String answer = new String(reply, 0, n, StandardCharsets.US_ASCII);
      return answer.startsWith("+PONG") || answer.startsWith("-NOAUTH"); // up, wants a password
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Sends {@code PUBLISH channel payload} with arbitrary bytes over a raw socket (redis-cli cannot
   * pass binary arguments).
   *
   * @return the reply line, e.g. {@code :2} for two receivers
   */
  public String publish(byte[] channel, byte[] payload) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      s.setSoTimeout(5000);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write("*3\r\n$7\r\nPUBLISH\r\n".getBytes(StandardCharsets.US_ASCII));
      for (byte[] arg : List.of(channel, payload)) {
        out.write(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(arg);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      s.getOutputStream().write(out.toByteArray());
      s.getOutputStream().flush();
      StringBuilder reply = new StringBuilder();
      InputStream in = s.getInputStream();
      for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
        reply.append((char) c);
      }
      return reply.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs a command to completion (30 s at most) and returns its output.
   *
   * @param command the program and its arguments
   * @return standard output and error
   * @throws IllegalStateException when it exits non-zero or times out
   */
  public static String run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(command + " exited " + p.exitValue() + ": " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Picks a free TCP port on this machine.
   *
   * @return the port
   * @throws IOException when no socket can be opened
   */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }
}
