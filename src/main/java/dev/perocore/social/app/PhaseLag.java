package dev.perocore.social.app;

import dev.perocore.social.guard.Guard;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Lag and blocking over one phase, from the guard's own meters. */
record PhaseLag(Guard guard, PrometheusMeterRegistry registry, TreeMap<Double, Double> base,
    double blockedBase) {

  record Result(String p99, double maxMs, long blocked) {}

  static PhaseLag start(Guard guard, PrometheusMeterRegistry registry) {
    guard.loopGuard().takeMaxLag();
    return new PhaseLag(guard, registry, buckets(registry, "social.eventloop.lag"),
        blocked(registry));
  }

  Result finish() {
    double maxMs = guard.loopGuard().takeMaxLag().toNanos() / 1e6;
    String p99 = quantile(base, buckets(registry, "social.eventloop.lag"), 0.99);
    return new Result(p99, maxMs, (long) (blocked(registry) - blockedBase));
  }

  /** The bucket bound under which {@code q} of the samples recorded between two snapshots lie. */
  static String quantile(TreeMap<Double, Double> before, TreeMap<Double, Double> after,
      double q) {
    TreeMap<Double, Double> diff = new TreeMap<>();
    for (var e : after.entrySet()) {
      diff.put(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0));
    }
    double count = diff.isEmpty() ? 0 : diff.lastEntry().getValue();
    if (count <= 0) {
      return "n/a";
    }
    for (var e : diff.entrySet()) {
      if (e.getValue() >= q * count) {
        return "<= " + fmt(e.getKey()) + " ms";
      }
    }
    return "> " + fmt(diff.lastKey()) + " ms";
  }

  /** Cumulative counts by bucket bound (ms) of a timer, summed over its tag sets. */
  static TreeMap<Double, Double> buckets(PrometheusMeterRegistry registry, String timer) {
    TreeMap<Double, Double> sum = new TreeMap<>();
    for (Timer t : registry.find(timer).timers()) {
      HistogramSnapshot snapshot = t.takeSnapshot();
      for (CountAtBucket b : snapshot.histogramCounts()) {
        sum.merge(b.bucket(TimeUnit.MILLISECONDS), b.count(), Double::sum);
      }
      sum.merge(Double.MAX_VALUE, (double) snapshot.count(), Double::sum);
    }
    return sum;
  }

  private static double blocked(PrometheusMeterRegistry registry) {
    return registry.find("social.loop.blocked.events").counters().stream()
        .mapToDouble(Counter::count).sum();
  }

  private static String fmt(double ms) {
    return ms == Double.MAX_VALUE ? "inf" : String.format("%.0f", ms);
  }
}
