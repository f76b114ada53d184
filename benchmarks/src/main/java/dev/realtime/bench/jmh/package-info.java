/**
 * JMH benchmarks of the hot path (fan-out, SSE encoding, registry churn, drain coalescing), each
 * with a {@code baseline} method running the naive design ({@link dev.realtime.bench.jmh.NaiveHub})
 * in the same run so results read as ratios. Run them with {@code java -jar
 * benchmarks/target/benchmarks.jar}; results are in {@code benchmarks/RESULTS.md}.
 */
package dev.realtime.bench.jmh;
