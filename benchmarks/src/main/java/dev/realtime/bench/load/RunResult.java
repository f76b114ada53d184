package dev.realtime.bench.load;

/**
 * What one server measured in one run. Times are nanoseconds; a count of -1 or a NaN ratio means
 * "not measured" (e.g. heap without {@code --heap}, or {@code writes} on a core without the meter).
 *
 * @param mode the server
 * @param pid its process id (gone once the run returns)
 * @param requested connections asked for
 * @param held connections open when broadcasting began
 * @param heldAtEnd connections still open when measuring ended
 * @param heapPerConnection heap used after GC with the connections open, minus before, per
 *     connection, in bytes
 * @param windowNanos length of the measured window
 * @param deliveries messages the client received in the window
 * @param broadcasts broadcasts sent in the window
 * @param perMessage latency of each message, send to receipt
 * @param toAll latency of each broadcast until its last recipient got it
 * @param cpuNanos server process CPU time in the window
 * @param systemCpuNanos the part of it spent in the kernel
 * @param clientCpuNanos CPU time of the load client's process (this JVM) in the window
 * @param serverDelivered frames the server counted as delivered in the window
 * @param serverWrites write calls the server counted in the window (ours: gathering writes to the
 *     container; baseline: write + flush per frame)
 * @param writeSyscalls write system calls of the server process in the window ({@code syscw})
 * @param errors failed control requests
 * @param stalls broadcasts that some connection never received
 */
record RunResult(
    ServerMode mode,
    long pid,
    int requested,
    int held,
    int heldAtEnd,
    double heapPerConnection,
    long windowNanos,
    long deliveries,
    long broadcasts,
    LatencyHistogram perMessage,
    LatencyHistogram toAll,
    long cpuNanos,
    long systemCpuNanos,
    long clientCpuNanos,
    long serverDelivered,
    long serverWrites,
    long writeSyscalls,
    long errors,
    long stalls) {

  /** A run of the bare server, which only holds connections. */
  static RunResult heapOnly(ServerMode mode, long pid, int requested, int held, double heap) {
    return new RunResult(
        mode,
        pid,
        requested,
        held,
        held,
        heap,
        0,
        0,
        0,
        new LatencyHistogram(),
        new LatencyHistogram(),
        -1,
        -1,
        -1,
        -1,
        -1,
        -1,
        0,
        0);
  }

  double deliveriesPerSecond() {
    return windowNanos == 0 ? Double.NaN : deliveries * 1e9 / windowNanos;
  }

  /** Server CPU nanoseconds per message the client received. */
  double cpuPerDelivery() {
    return cpuNanos < 0 || deliveries == 0 ? Double.NaN : (double) cpuNanos / deliveries;
  }

  /** Kernel CPU nanoseconds per message the client received. */
  double systemCpuPerDelivery() {
    return systemCpuNanos < 0 || deliveries == 0
        ? Double.NaN
        : (double) systemCpuNanos / deliveries;
  }

  /** The load client's CPU nanoseconds per message received (its own cost, for comparison). */
  double clientCpuPerDelivery() {
    return clientCpuNanos < 0 || deliveries == 0
        ? Double.NaN
        : (double) clientCpuNanos / deliveries;
  }

  double writesPerFrame() {
    return serverWrites < 0 || serverDelivered <= 0
        ? Double.NaN
        : (double) serverWrites / serverDelivered;
  }

  double syscallsPerFrame() {
    return writeSyscalls < 0 || deliveries == 0 ? Double.NaN : (double) writeSyscalls / deliveries;
  }
}
