package dev.realtime.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@link LoadServer} child process, seen from the tool: started with the tool's own {@code
 * java} and class path (each process then has its own open-file limit), driven through its control
 * endpoint, measured through {@code /proc}, and killed on {@link #close}.
 */
final class ChildServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(60);

  private final ServerMode mode;
  private final Process process;
  private final int port;
  private final List<String> command;
  private final HttpClient http;
  private final Deque<String> lastLines;

  private ChildServer(
      ServerMode mode, Process process, int port, List<String> command, Deque<String> lastLines) {
    this.mode = mode;
    this.process = process;
    this.port = port;
    this.command = command;
    this.lastLines = lastLines;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /**
   * Starts the server process and waits until it listens.
   *
   * @throws IOException when it cannot start or does not report its port within a minute
   */
  static ChildServer start(ServerMode mode, String heap, List<String> jvmArgs, boolean verbose)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx" + heap,
                "-Xms" + heap,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
    command.addAll(jvmArgs);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            LoadServer.class.getName(),
            mode.label()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Deque<String> lastLines = new ArrayDeque<>();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread pump =
        new Thread(
            () -> pump(mode, process, port, lastLines, verbose), "load-" + mode.label() + "-out");
    pump.setDaemon(true);
    pump.start();
    try {
      int p = port.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return new ChildServer(mode, process, p, command, lastLines);
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      process.destroyForcibly();
      throw new IOException(
          mode.label() + " server did not start within " + START_TIMEOUT + ": " + lastLines, e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting the " + mode.label() + " server", e);
    }
  }

  /** Reads the child's output: its port, then lines kept for error messages (or echoed). */
  private static void pump(
      ServerMode mode,
      Process process,
      CompletableFuture<Integer> port,
      Deque<String> lastLines,
      boolean verbose) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!port.isDone() && line.startsWith(LoadServer.READY)) {
          port.complete(Integer.parseInt(line.substring(LoadServer.READY.length()).trim()));
          continue;
        }
        synchronized (lastLines) {
          lastLines.addLast(line);
          if (lastLines.size() > 20) {
            lastLines.removeFirst();
          }
        }
        if (verbose) {
          System.err.println("[" + mode.label() + "] " + line);
        }
      }
    } catch (IOException e) {
      // the process ended
    }
    port.completeExceptionally(new IOException("the server process exited"));
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port);
  }

  long pid() {
    return process.pid();
  }

  List<String> command() {
    return command;
  }

  /** CPU time (user + system) the process used so far, in nanoseconds; 10 ms resolution. */
  long cpuNanos() {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  /**
   * Kernel-mode CPU time of the process so far (stime of {@code /proc/PID/stat}, in 10 ms ticks),
   * in nanoseconds, or -1 if unreadable. On loopback the kernel time includes the receiving side of
   * TCP, which runs in the sender's write call.
   */
  long systemCpuNanos() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[12]) * 10_000_000L; // field 15; USER_HZ is 100 on Linux
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Write-family system calls the process made so far ({@code syscw}), or -1 if unreadable. */
  long writeSyscalls() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "io"))) {
        if (line.startsWith("syscw:")) {
          return Long.parseLong(line.substring(6).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or not allowed
    }
    return -1;
  }

  /**
   * Writes the process's class histogram ({@code jcmd PID GC.class_histogram}) to a file.
   *
   * @throws IOException when jcmd fails
   */
  void classHistogram(Path file) throws IOException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.class_histogram")
            .redirectErrorStream(true)
            .redirectOutput(file.toFile())
            .start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("jcmd GC.class_histogram failed for pid " + pid());
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** The {@code name value} lines of {@code /control/stats}. */
  Map<String, Long> stats() throws IOException {
    return parse(get("/control/stats"));
  }

  /** Heap used after {@code System.gc()} in the server process. */
  long heapUsed() throws IOException {
    return parse(get("/control/heap")).get("heapUsed");
  }

  /** Broadcasts {@code data} to every connection; completes when the server answered. */
  CompletableFuture<HttpResponse<Void>> broadcast(String data) {
    HttpRequest request =
        HttpRequest.newBuilder(uri("/control/broadcast"))
            .timeout(CONTROL_TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofString(data))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
  }

  private String get(String path) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(CONTROL_TIMEOUT).build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException(mode.label() + " " + path + " answered " + response.statusCode());
      }
      return response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static Map<String, Long> parse(String body) {
    Map<String, Long> values = new HashMap<>();
    for (String line : body.split("\n")) {
      String[] parts = line.trim().split(" ");
      if (parts.length == 2) {
        values.put(parts[0], Long.parseLong(parts[1]));
      }
    }
    return values;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the process (it holds nothing worth a graceful stop) and waits until it is gone. */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException(mode.label() + " server pid " + pid() + " did not exit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
