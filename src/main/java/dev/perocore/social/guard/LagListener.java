package dev.perocore.social.guard;

/**
 * Hears every lag probe sample as it is taken ({@link LoopGuard#listen}): a benchmark uses it to
 * tell the lag a collector pause caused from the lag of a loop that was simply behind. Called on
 * the sampled loop: keep it short, never block.
 */
@FunctionalInterface
public interface LagListener {

  /**
   * @param loop the event loop's index, as in {@code social_eventloop_lag_seconds{loop}}
   * @param firedNanos when the probe's timer ran, in System.nanoTime
   * @param lateNanos how late it ran
   */
  void sampled(int loop, long firedNanos, long lateNanos);
}
