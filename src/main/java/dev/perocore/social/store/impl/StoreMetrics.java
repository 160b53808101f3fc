package dev.perocore.social.store.impl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The store's meters (names are a contract with the alert rules and dashboards). */
final class StoreMetrics {

  private final MeterRegistry registry;
  final AtomicInteger queueDepth = new AtomicInteger();
  final AtomicLong walBytes = new AtomicLong();
  final Timer commit;
  final DistributionSummary batchRows;
  final Counter duplicates;
  final Counter onebotDuplicates;
  final Counter idCollisions;
  final Counter busyRetries;
  final Counter rejected;
  /** 1 while the latest write transaction failed, else 0. */
  final AtomicInteger commitsFailing = new AtomicInteger();
  private final Map<CommitFailure, Counter> commitFailures =
      new EnumMap<>(CommitFailure.class);
  private final ConcurrentMap<String, Counter> rows = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Timer> reads = new ConcurrentHashMap<>();

  StoreMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("social.store.queue.depth", queueDepth, AtomicInteger::get)
        .description("Writes waiting for the writer").register(registry);
    Gauge.builder("social.store.wal.bytes", walBytes, AtomicLong::get)
        .description("Size of the WAL file at the last check").baseUnit("bytes").register(registry);
    commit = Timer.builder("social.store.commit")
        .description("Duration of one write transaction, BEGIN IMMEDIATE to COMMIT")
        .publishPercentileHistogram().register(registry);
    batchRows = DistributionSummary.builder("social.store.batch.rows")
        .description("Rows committed per transaction").publishPercentileHistogram()
        .register(registry);
    duplicates = Counter.builder("social.store.duplicates")
        .description("Appends of an event already stored (redeliveries; not the history backfill's"
            + " overlap with rows the socket delivered)").register(registry);
    // Issue 3's contract name: the gateway passes every event on and the store judges a
    // redelivery by identity, so the OneBot duplicates are the store's, less the echoes of our
    // own sends (NapCat's message_sent, found stored as the send's row).
    onebotDuplicates = Counter.builder("social.onebot.events.duplicate")
        .description("OneBot events delivered again (after a reconnect, or twice by NapCat):"
            + " stored once, these counted; social_store_duplicates_total less the echoes of our"
            + " own sends")
        .register(registry);
    idCollisions = Counter.builder("social.store.id.collisions")
        .description("Messages stored although another message of their chat has the same"
            + " message_id (NapCat's ids are 31-bit hashes): different sender or time")
        .register(registry);
    busyRetries = Counter.builder("social.store.busy.retries")
        .description("Write transactions retried because the database was locked")
        .register(registry);
    rejected = Counter.builder("social.store.rejected")
        .description("Writes refused: queue full (store.queue_max) or store closed")
        .register(registry);
    // Every reason at 0 from the start: an alert on rate() needs the series before the first one.
    for (CommitFailure reason : CommitFailure.values()) {
      commitFailures.put(reason, Counter.builder("social.store.commit.failures")
          .description("Write transactions that failed, by reason (busy, full, io, other);"
              + " busy, full and io are retried")
          .tag("reason", reason.label()).register(registry));
    }
    Gauge.builder("social.store.commits.failing", commitsFailing, AtomicInteger::get)
        .description("1 while the latest write transaction failed (readiness is down), else 0")
        .register(registry);
    // Closed sets, at zero from start-up: what the writer stores, what the readers ask.
    for (String kind : List.of("message", "notice", "request", "summary")) {
      rows(kind);
    }
    for (String query : List.of("recent", "private_history", "latest_group", "sessions_by_activity",
        "search", "count_unsummarized", "summaries", "recall", "notices", "pending_requests", "request")) {
      read(query);
    }
  }

  Counter commitFailures(CommitFailure reason) {
    return commitFailures.get(reason);
  }

  Counter rows(String kind) {
    return rows.computeIfAbsent(kind, k -> Counter.builder("social.store.rows")
        .description("Rows committed, by kind").tag("kind", k).register(registry));
  }

  Timer read(String query) {
    return reads.computeIfAbsent(query, q -> Timer.builder("social.store.read")
        .description("Duration of store reads, by query").tag("query", q)
        .publishPercentileHistogram().register(registry));
  }
}
