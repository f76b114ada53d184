package dev.realtime.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end SSE load: {@code java -cp benchmarks.jar dev.realtime.bench.load.LoadTool
 * --connections 10000 --seconds 30}. For each server ({@code ours}, {@code baseline}, and {@code
 * bare} for the heap) it starts a {@link LoadServer} child process, opens the connections over
 * loopback with a non-blocking client in this process, measures heap per idle connection, then
 * broadcasts and measures deliveries per second, latency, server CPU and writes per delivered
 * frame. It prints progress every second and the servers side by side at the end; it is bounded in
 * connections and time and kills its child processes when done, and from a shutdown hook.
 */
public final class LoadTool {
  private static final long OPEN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);
  private static final Set<ChildServer> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> LIVE.forEach(ChildServer::close), "load-kill-servers"));
  }

  private final LoadOptions options;
  private final PrintStream out;

  private LoadTool(LoadOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /**
   * Runs the tool; options are listed by {@code --help}.
   *
   * @param args the command line
   * @throws Exception when a server cannot be started or measured
   */
  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("--help")) {
      System.out.println("options: " + String.join(" ", LoadOptions.usage()));
      return;
    }
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("load tool: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.out.println(run(options, System.out).format());
  }

  /**
   * Runs every server in turn and returns their results; the child processes are gone when it
   * returns or throws.
   *
   * @param options what to run
   * @param out where progress goes
   * @return the report
   * @throws IOException when a server cannot be started or measured
   */
  public static Report run(LoadOptions options, PrintStream out)
      throws IOException, InterruptedException {
    LoadTool tool = new LoadTool(options, out);
    List<ServerMode> modes = new ArrayList<>();
    if (options.measureHeap()) {
      modes.add(ServerMode.BARE);
    }
    modes.addAll(options.servers());
    List<RunResult> results = new ArrayList<>();
    for (ServerMode mode : modes) {
      results.add(tool.runServer(mode));
    }
    return new Report(options, results);
  }

  private RunResult runServer(ServerMode mode) throws IOException, InterruptedException {
    ChildServer child =
        ChildServer.start(mode, options.serverHeap(), options.serverJvmArgs(), options.verbose());
    LIVE.add(child);
    LoadClient client = null;
    try {
      out.printf(
          Locale.ROOT, "%s: server pid %d on %s%n", mode.label(), child.pid(), child.address());
      double heapBefore = options.measureHeap() ? child.heapUsed() : Double.NaN;
      Ledger ledger = new Ledger();
      client =
          new LoadClient(child.address(), options.connections(), options.clientThreads(), ledger);
      int held = open(mode, client, child);
      if (options.histogramDir().isPresent()) {
        Path file = options.histogramDir().get().resolve(mode.label() + "-idle-histogram.txt");
        Files.createDirectories(file.getParent());
        child.classHistogram(file);
        out.printf(
            Locale.ROOT, "%s: class histogram of the idle server in %s%n", mode.label(), file);
      }
      double heapPerConnection =
          options.measureHeap() ? (child.heapUsed() - heapBefore) / held : Double.NaN;
      if (options.measureHeap()) {
        out.printf(
            Locale.ROOT,
            "%s: %,d connections held, %.0f bytes of heap each%n",
            mode.label(),
            held,
            heapPerConnection);
      }
      if (mode == ServerMode.BARE) {
        return RunResult.heapOnly(
            mode, child.pid(), options.connections(), held, heapPerConnection);
      }
      return broadcast(mode, child, client, ledger, held, heapPerConnection);
    } finally {
      if (client != null) {
        client.close();
      }
      child.close();
      LIVE.remove(child);
    }
  }

  /** Waits until every connection answered (or failed), printing progress each second. */
  private int open(ServerMode mode, LoadClient client, ChildServer child)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    int n = options.connections();
    while (client.held() + client.lost() < n) {
      if (System.nanoTime() - start > OPEN_TIMEOUT_NANOS || !child.isAlive()) {
        break;
      }
      Thread.sleep(200);
      if ((System.nanoTime() - start) / 200_000_000 % 5 == 0) {
        out.printf(
            Locale.ROOT,
            "%s: opening, %,d/%,d held, %,d failed%n",
            mode.label(),
            client.held(),
            n,
            client.lost());
      }
    }
    int held = client.held();
    if (held == 0) {
      throw new IOException(
          mode.label() + ": no connection could be opened: " + client.lastFailure());
    }
    if (held < n) {
      out.printf(
          Locale.ROOT,
          "%s: WARNING only %,d of %,d connections held (last failure: %s)%n",
          mode.label(),
          held,
          n,
          client.lastFailure());
    }
    // The server counts a stream a moment after its head went out; wait for it to agree.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (child.stats().get("connections") < held && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    out.printf(
        Locale.ROOT,
        "%s: %,d connections held after %.1f s%n",
        mode.label(),
        held,
        (System.nanoTime() - start) / 1e9);
    return held;
  }

  private RunResult broadcast(
      ServerMode mode,
      ChildServer child,
      LoadClient client,
      Ledger ledger,
      int held,
      double heapPerConnection)
      throws IOException, InterruptedException {
    Broadcaster broadcaster = new Broadcaster(child, ledger, client::held, options);
    try {
      progress(mode, "warm-up", options.warmupSeconds(), client, child);
      Map<String, Long> before = child.stats();
      long cpu0 = child.cpuNanos();
      long kernel0 = child.systemCpuNanos();
      long client0 = clientCpuNanos();
      long sys0 = child.writeSyscalls();
      long sent0 = ledger.sent();
      long t0 = System.nanoTime();
      client.recording(true);
      progress(mode, "measuring", options.seconds(), client, child);
      client.recording(false);
      long window = System.nanoTime() - t0;
      long cpu1 = child.cpuNanos();
      long kernel1 = child.systemCpuNanos();
      long client1 = clientCpuNanos();
      long sys1 = child.writeSyscalls();
      long sent1 = ledger.sent();
      Map<String, Long> after = child.stats();
      int heldAtEnd = client.held();
      long deliveries = client.recordedDeliveries();
      broadcaster.close();
      LoadClient.Latencies latencies = client.stop();
      return new RunResult(
          mode,
          child.pid(),
          options.connections(),
          held,
          heldAtEnd,
          heapPerConnection,
          window,
          deliveries,
          sent1 - sent0,
          latencies.perMessage(),
          latencies.toAll(),
          cpu0 < 0 ? -1 : cpu1 - cpu0,
          kernel0 < 0 ? -1 : kernel1 - kernel0,
          client0 < 0 ? -1 : client1 - client0,
          delta(before, after, "delivered"),
          delta(before, after, "writes"),
          sys0 < 0 ? -1 : sys1 - sys0,
          broadcaster.errors(),
          broadcaster.stalls());
    } finally {
      broadcaster.close(); // idempotent; also when a control request failed
    }
  }

  private static long clientCpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos()).orElse(-1L);
  }

  private static long delta(Map<String, Long> before, Map<String, Long> after, String name) {
    long b = before.getOrDefault(name, -1L);
    long a = after.getOrDefault(name, -1L);
    return a < 0 || b < 0 ? -1 : a - b;
  }

  /** Waits {@code seconds}, printing throughput and server CPU per delivery each second. */
  private void progress(
      ServerMode mode, String phase, int seconds, LoadClient client, ChildServer child)
      throws InterruptedException {
    long start = System.nanoTime();
    long lastDeliveries = client.deliveries();
    long lastCpu = child.cpuNanos();
    for (int s = 1; s <= seconds; s++) {
      long due = start + TimeUnit.SECONDS.toNanos(s);
      TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
      long deliveries = client.deliveries();
      long cpu = child.cpuNanos();
      long d = deliveries - lastDeliveries;
      out.printf(
          Locale.ROOT,
          "%s: %s %3d s  held %,d  deliveries/s %,d  server CPU/delivery %s%n",
          mode.label(),
          phase,
          s,
          client.held(),
          d,
          d == 0 ? "-" : String.format(Locale.ROOT, "%.2f us", (cpu - lastCpu) / 1e3 / d));
      lastDeliveries = deliveries;
      lastCpu = cpu;
    }
  }
}
