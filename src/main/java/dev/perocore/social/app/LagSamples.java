package dev.perocore.social.app;

import dev.perocore.social.guard.LagListener;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A benchmark's lag probe samples, to say what each late one was. Between the moment a probe's
 * timer was due and the moment it ran, its loop thread was either running (its own work, the
 * loop was behind), runnable with no core to run on (the machine was short of CPU), or stopped
 * for the collector. So a late sample that overlaps a stop-the-world pause counts as the
 * collector's; of the others, one whose loop cannot have run for even half the delay counts as
 * not running (no core to run on, or, rarer, a lock or a safepoint that was not a collection),
 * and the rest as the loop running.
 *
 * <p>What the loop ran is its thread's CPU time since the previous sample (a clock read, not a
 * file: this runs on the loop). That window also holds the probe's interval, so "running" is an
 * upper bound and "not running" a lower one.
 */
final class LagSamples implements LagListener {

  /** The benchmarks' probe interval. */
  static final Duration PROBE = Duration.ofMillis(1);

  private static final long OVER_10_MS = 10_000_000L;
  private static final long OVER_50_MS = 50_000_000L;

  /** {@code cpuNanos}: the loop thread's CPU time since its previous sample (-1: unknown). */
  private record Sample(int loop, long firedNanos, long lateNanos, long cpuNanos) {}

  /**
   * One loop's samples, written only by its own thread. Its monitor is taken by that thread alone
   * while sampling (uncontended) and by the reader at the end: one list shared by every loop
   * made the loops wait on each other inside the probe (2-8 ms monitor waits in a flight
   * recording), which is the very lag being measured.
   */
  private static final class LoopSamples {
    final List<Sample> samples = new ArrayList<>();
    /** The loop's CPU time at its previous sample, or -1 before the first. */
    long cpuAt = -1;
  }

  /** Where the collector stood the world still: GcPauses in a run. */
  @FunctionalInterface
  interface Pauses {
    boolean during(long fromNanos, long toNanos);
  }

  /** The probe's period: what a late sample's loop missed is counted in it. */
  private final long intervalNanos;
  /** The calling thread's CPU time in ns, or -1 where the JVM cannot tell. */
  private final LongSupplier threadCpu;
  private final Map<Integer, LoopSamples> loops = new ConcurrentHashMap<>();

  LagSamples(Duration interval) {
    this(interval, currentThreadCpu());
  }

  LagSamples(Duration interval, LongSupplier threadCpu) {
    this.intervalNanos = interval.toNanos();
    this.threadCpu = threadCpu;
  }

  private static LongSupplier currentThreadCpu() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    return threads.isCurrentThreadCpuTimeSupported() ? threads::getCurrentThreadCpuTime : () -> -1;
  }

  @Override
  public void sampled(int loop, long firedNanos, long lateNanos) {
    long cpu = threadCpu.getAsLong();
    LoopSamples mine = loops.computeIfAbsent(loop, l -> new LoopSamples());
    synchronized (mine) {
      long before = mine.cpuAt;
      mine.cpuAt = cpu;
      mine.samples.add(new Sample(loop, firedNanos, lateNanos,
          cpu < 0 || before < 0 ? -1 : cpu - before));
    }
  }

  /** A copy of every loop's samples, each loop's in the order taken. */
  private List<Sample> all() {
    List<Sample> all = new ArrayList<>();
    loops.values().forEach(mine -> {
      synchronized (mine) {
        all.addAll(mine.samples);
      }
    });
    return all;
  }

  /**
   * "p99 P ms, max X ms (ticks: N, F filled in; uncorrected p99 U ms)" for one loop, from its own
   * samples (nearest rank), not from the histogram's buckets.
   *
   * <p>Corrected for the ticks a late probe missed: the probe re-arms only once it has run, so a
   * stall of L ms yields one sample of L whatever the period I, while the time on schedule yields
   * one per period. The ticks it missed would have found the loop L - I, L - 2I, ... behind, so
   * those down to I are counted too, as HdrHistogram's recordValueWithExpectedInterval does;
   * otherwise a shorter period would make the same stalls look rarer. The uncorrected p99 is
   * beside it.
   */
  String quantiles(int loop) {
    long[] raw = all().stream().filter(s -> s.loop() == loop).mapToLong(Sample::lateNanos)
        .sorted().toArray();
    if (raw.length == 0) {
      return "n/a (ticks: 0)";
    }
    long[] ticks = withMissedTicks(raw, intervalNanos);
    return String.format("p99 %.1f ms, max %.1f ms (ticks: %,d, %,d filled in; uncorrected p99"
            + " %.1f ms)", nearestRank(ticks, 0.99) / 1e6, raw[raw.length - 1] / 1e6,
        ticks.length, ticks.length - raw.length, nearestRank(raw, 0.99) / 1e6);
  }

  /** Each lateness L, and L - I, L - 2I, ... down to I: what the missed ticks would have seen. */
  static long[] withMissedTicks(long[] late, long intervalNanos) {
    int n = 0;
    for (long l : late) {
      n += 1 + (int) Math.max(0, l / intervalNanos - 1);
    }
    long[] all = new long[n];
    int i = 0;
    for (long l : late) {
      all[i++] = l;
      for (long missed = l - intervalNanos; missed >= intervalNanos; missed -= intervalNanos) {
        all[i++] = missed;
      }
    }
    Arrays.sort(all);
    return all;
  }

  /** The smallest value with at least {@code q} of the sorted values at or under it. */
  static long nearestRank(long[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  /**
   * "N of M samples over 10 ms (K in a GC pause, W with the loop not running, R with it running[,
   * U unknown]), N' over 50 ms (K')": unknown is a loop's first sample, with no CPU time before it.
   */
  String summary(Pauses pauses) {
    List<Sample> samples = all();
    int over10 = 0;
    int gc10 = 0;
    int notRunning = 0;
    int running = 0;
    int unknown = 0;
    int over50 = 0;
    int gc50 = 0;
    for (Sample s : samples) {
      boolean inPause = pauses.during(s.firedNanos - s.lateNanos, s.firedNanos);
      if (s.lateNanos > OVER_10_MS) {
        over10++;
        if (inPause) {
          gc10++;
        } else if (s.cpuNanos >= 0 && 2 * Math.min(s.cpuNanos, s.lateNanos) < s.lateNanos) {
          notRunning++;
        } else if (s.cpuNanos >= 0) {
          running++;
        } else {
          unknown++;
        }
      }
      if (s.lateNanos > OVER_50_MS) {
        over50++;
        gc50 += inPause ? 1 : 0;
      }
    }
    return String.format("%d of %d samples over 10 ms (%d of them in a GC pause, %d with the loop"
            + " not running, %d with it running%s), %d over 50 ms (%d)",
        over10, samples.size(), gc10, notRunning, running,
        unknown == 0 ? "" : ", " + unknown + " unknown", over50, gc50);
  }
}
