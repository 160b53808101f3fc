package dev.perocore.social.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU of the JVM's own threads (the collector's and the JIT's, which ThreadMXBean does not list)
 * by kind, from Linux's {@code /proc/self/task/<tid>/stat} (clock ticks of 10 ms): which of them
 * the "jvm" share of a benchmark phase went to. Empty where there is no /proc.
 */
final class JvmThreadCpu {

  private static final Path TASKS = Path.of("/proc/self/task");
  private static final double NANOS_PER_TICK = 1e7;

  private JvmThreadCpu() {}

  /** Nanoseconds of CPU so far by kind: gc-pauses, gc-marking, gc-refine, jit, vm. */
  static Map<String, Long> snapshot() {
    Map<String, Long> sums = new TreeMap<>();
    if (!Files.isDirectory(TASKS)) {
      return sums;
    }
    try (Stream<Path> tasks = Files.list(TASKS)) {
      tasks.forEach(task -> {
        try {
          String kind = kind(Files.readString(task.resolve("comm")).trim());
          if (kind != null) {
            String stat = Files.readString(task.resolve("stat"));
            // After the ")" closing the name: state is field 3, utime 14 and stime 15.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            sums.merge(kind, (long) (ticks * NANOS_PER_TICK), Long::sum);
          }
        } catch (IOException | RuntimeException e) {
          // The thread ended while it was read: its CPU is no longer counted.
        }
      });
    } catch (IOException e) {
      return sums;
    }
    return sums;
  }

  private static String kind(String comm) {
    if (comm.startsWith("GC Thread") || comm.equals("VM Thread")) {
      return "gc-pauses";
    }
    if (comm.startsWith("G1 Conc") || comm.startsWith("G1 Main")) {
      return "gc-marking";
    }
    if (comm.startsWith("G1 Refine") || comm.startsWith("G1 Service")) {
      return "gc-refine";
    }
    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
      return "jit";
    }
    return null;
  }
}
