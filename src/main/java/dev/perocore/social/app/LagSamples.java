package dev.perocore.social.app;

import dev.perocore.social.guard.LagListener;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark's lag probe samples with their time, to say how much of the lag was the collector's:
 * a sample whose late interval overlaps a stop-the-world pause was (at least partly) the pause;
 * the others were a loop behind on its own work or waiting for a core.
 */
final class LagSamples implements LagListener {

  private record Sample(long firedNanos, long lateNanos) {}

  private final List<Sample> samples = new ArrayList<>();

  @Override
  public synchronized void sampled(int loop, long firedNanos, long lateNanos) {
    samples.add(new Sample(firedNanos, lateNanos));
  }

  /** "N of M samples over 10 ms (K in a GC pause), N' over 50 ms (K')". */
  synchronized String summary(GcPauses pauses) {
    int over10 = 0;
    int gc10 = 0;
    int over50 = 0;
    int gc50 = 0;
    for (Sample s : samples) {
      boolean inPause = pauses.during(s.firedNanos - s.lateNanos, s.firedNanos);
      if (s.lateNanos > 10_000_000L) {
        over10++;
        gc10 += inPause ? 1 : 0;
      }
      if (s.lateNanos > 50_000_000L) {
        over50++;
        gc50 += inPause ? 1 : 0;
      }
    }
    return String.format("%d of %d samples over 10 ms (%d of them in a GC pause), %d over 50 ms (%d)",
        over10, samples.size(), gc10, over50, gc50);
  }
}
