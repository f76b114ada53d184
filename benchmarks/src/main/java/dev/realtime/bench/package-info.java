/**
 * Benchmarks of realtime: JMH benchmarks of the hot path ({@code java -jar benchmarks.jar}), the
 * backplane round-trip harness and the end-to-end SSE load tool, each measured against a naive
 * baseline in the same run. Results and commands: {@code benchmarks/RESULTS.md}.
 */
package dev.realtime.bench;
