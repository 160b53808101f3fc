package dev.perocore.social.app;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The CPU one benchmark phase cost per message, the service's apart from the simulator's. The
 * simulator runs in this process on threads of its own (its Vert.x, the benchmark's main thread):
 * their CPU is taken from the process's, and what is left — event loops, session shards, the
 * store's writer with SQLite, the collector, the JIT — is the service's. Unlike msgs/s it hardly
 * moves when other processes load the machine, so it compares builds fairly.
 */
final class PhaseCpu {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final long[] simulatorThreads;
  private final long processStart;
  private final long simulatorStart;

  private PhaseCpu(long[] simulatorThreads) {
    this.simulatorThreads = simulatorThreads.clone();
    this.simulatorStart = simulatorNanos();
    this.processStart = BurstBenchmark.processCpuNanos();
  }

  /** Starts counting; {@code simulatorThreads} are the ids of the threads that are not service. */
  static PhaseCpu start(long... simulatorThreads) {
    return new PhaseCpu(simulatorThreads);
  }

  /** "service S us of CPU per message; simulator M; load average L" over {@code messages}. */
  String stop(long messages) {
    long simulator = simulatorNanos() - simulatorStart;
    long process = BurstBenchmark.processCpuNanos() - processStart;
    double n = Math.max(1, messages);
    return String.format("service %.1f us of CPU per message; simulator %.1f; load average %.2f",
        (process - simulator) / 1e3 / n, simulator / 1e3 / n,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private long simulatorNanos() {
    // A thread that has ended reports -1: it no longer costs anything.
    return Arrays.stream(simulatorThreads).map(THREADS::getThreadCpuTime).filter(t -> t > 0).sum();
  }
}
