package dev.perocore.social.app;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CPU one benchmark phase cost per message, the service's apart from the simulator's. The
 * simulator runs in this process on threads of its own (its Vert.x, the benchmark's main thread):
 * their CPU is taken from the process's, and what is left — event loops, session shards, the
 * store's writer with SQLite, the collector, the JIT — is the service's. Unlike msgs/s it hardly
 * moves when other processes load the machine, so it compares builds fairly. The service's share
 * is also split by thread group (event loops, store writer, checkpointer, workers; "jvm" is what
 * no Java thread accounts for: the collector and the JIT compilers).
 */
final class PhaseCpu {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final long[] simulatorThreads;
  private final Map<String, Long> groupsStart;
  private final Map<String, Long> jvmStart;
  private final long processStart;
  private final long simulatorStart;

  private PhaseCpu(long[] simulatorThreads) {
    this.simulatorThreads = simulatorThreads.clone();
    this.simulatorStart = simulatorNanos();
    this.groupsStart = groups(this.simulatorThreads);
    this.jvmStart = JvmThreadCpu.snapshot();
    this.processStart = BurstBenchmark.processCpuNanos();
  }

  /** Starts counting; {@code simulatorThreads} are the ids of the threads that are not service. */
  static PhaseCpu start(long... simulatorThreads) {
    return new PhaseCpu(simulatorThreads);
  }

  /**
   * "service S us of CPU per message (loops L, writer W, ...); simulator M; load average A" over
   * {@code messages}.
   */
  String stop(long messages) {
    long process = BurstBenchmark.processCpuNanos() - processStart;
    long simulator = simulatorNanos() - simulatorStart;
    Map<String, Long> groupsNow = groups(simulatorThreads);
    double n = Math.max(1, messages);
    long service = process - simulator;
    long named = 0;
    StringBuilder split = new StringBuilder();
    for (var e : groupsNow.entrySet()) {
      long used = e.getValue() - groupsStart.getOrDefault(e.getKey(), 0L);
      named += used;
      split.append(String.format("%s %.1f, ", e.getKey(), used / 1e3 / n));
    }
    split.append(String.format("jvm %.1f", (service - named) / 1e3 / n));
    Map<String, Long> jvmNow = JvmThreadCpu.snapshot();
    if (!jvmNow.isEmpty()) {
      StringBuilder jvm = new StringBuilder();
      for (var e : jvmNow.entrySet()) {
        long used = e.getValue() - jvmStart.getOrDefault(e.getKey(), 0L);
        jvm.append(jvm.length() == 0 ? "" : ", ")
            .append(String.format("%s %.1f", e.getKey(), used / 1e3 / n));
      }
      split.append(": ").append(jvm);
    }
    return String.format("service %.1f us of CPU per message (%s); simulator %.1f;"
            + " load average %.2f", service / 1e3 / n, split, simulator / 1e3 / n,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private long simulatorNanos() {
    // A thread that has ended reports -1: it no longer costs anything.
    return Arrays.stream(simulatorThreads).map(THREADS::getThreadCpuTime).filter(t -> t > 0).sum();
  }

  /**
   * CPU so far of the service's live Java threads by group. A thread that ended during the phase
   * drops out of its group (its CPU then shows under "jvm"): the service's pools are fixed, so
   * that is rare.
   */
  private static Map<String, Long> groups(long[] simulatorThreads) {
    Map<String, Long> sums = new TreeMap<>();
    long[] ids = THREADS.getAllThreadIds();
    ThreadInfo[] infos = THREADS.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      long id = ids[i];
      if (infos[i] == null || Arrays.stream(simulatorThreads).anyMatch(sim -> sim == id)) {
        continue;
      }
      long cpu = THREADS.getThreadCpuTime(id);
      if (cpu > 0) {
        sums.merge(group(infos[i].getThreadName()), cpu, Long::sum);
      }
    }
    return new LinkedHashMap<>(sums);
  }

  private static String group(String thread) {
    if (thread.startsWith("vert.x-eventloop")) {
      return "loops";
    }
    if (thread.startsWith("social-store-writer")) {
      return "writer";
    }
    if (thread.startsWith("social-store-checkpointer")) {
      return "checkpointer";
    }
    if (thread.startsWith("vert.x-worker") || thread.startsWith("vert.x-internal-blocking")) {
      return "workers";
    }
    return "other";
  }
}
