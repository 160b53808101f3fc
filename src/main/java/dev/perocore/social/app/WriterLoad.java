package dev.perocore.social.app;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;

/** The single writer's commits over one phase: how many, how big, how long, how busy. */
record WriterLoad(long commits, double commitSeconds, double rows) {

  static WriterLoad of(PrometheusMeterRegistry registry) {
    Timer commit = registry.find("social.store.commit").timer();
    var batch = registry.find("social.store.batch.rows").summary();
    return new WriterLoad(commit == null ? 0 : commit.count(),
        commit == null ? 0 : commit.totalTime(TimeUnit.SECONDS),
        batch == null ? 0 : batch.totalAmount());
  }

  String since(WriterLoad base, double phaseSeconds) {
    long n = Math.max(1, commits - base.commits);
    double busy = commitSeconds - base.commitSeconds;
    return String.format("writer: %,d commits, mean %.0f rows, mean %.2f ms; busy %.0f%% of the"
        + " phase", commits - base.commits, (rows - base.rows) / n, busy * 1000 / n,
        100 * busy / phaseSeconds);
  }
}
