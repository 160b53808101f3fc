package dev.perocore.social.guard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The task meters shared by every TaskSet of one process: {@code social_tasks_in_flight{kind}},
 * {@code social_tasks_stalled{kind}} and {@code social_tasks_total{kind,outcome}}.
 */
final class TaskMetrics {

  private final MeterRegistry registry;
  private final ConcurrentMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, AtomicInteger> stalled = new ConcurrentHashMap<>();
  /**
   * By kind, then by outcome's ordinal: a task's end looks its counter up without building a key
   * (a string per ended task was two per message under a burst).
   */
  private final ConcurrentMap<String, Counter[]> outcomes = new ConcurrentHashMap<>();

  TaskMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  AtomicInteger inFlight(String kind) {
    return inFlight.computeIfAbsent(kind, k -> gauge("social.tasks.in.flight", k,
        "Tracked tasks running now, by kind"));
  }

  AtomicInteger stalled(String kind) {
    return stalled.computeIfAbsent(kind, k -> gauge("social.tasks.stalled", k,
        "Tracked tasks running longer than guard.stall_after, by kind"));
  }

  void count(String kind, TaskOutcome outcome) {
    counter(kind, outcome).increment();
  }

  /** Registers every meter of {@code kind} at zero, so its series exist before the first task. */
  void declare(String kind) {
    inFlight(kind);
    stalled(kind);
    for (TaskOutcome outcome : TaskOutcome.values()) {
      counter(kind, outcome);
    }
  }

  private Counter counter(String kind, TaskOutcome outcome) {
    return outcomes.computeIfAbsent(kind, this::counters)[outcome.ordinal()];
  }

  /** Every outcome's counter of {@code kind}, registered together (declare() wants them all). */
  private Counter[] counters(String kind) {
    TaskOutcome[] all = TaskOutcome.values();
    Counter[] counters = new Counter[all.length];
    for (TaskOutcome outcome : all) {
      counters[outcome.ordinal()] = Counter.builder("social.tasks")
          .description("Tracked tasks that ended, by kind and outcome")
          .tag("kind", kind)
          .tag("outcome", outcome.label())
          .register(registry);
    }
    return counters;
  }

  double counted(String kind, TaskOutcome outcome) {
    Counter[] counters = outcomes.get(kind);
    return counters == null ? 0 : counters[outcome.ordinal()].count();
  }

  private AtomicInteger gauge(String name, String kind, String description) {
    AtomicInteger value = new AtomicInteger();
    Gauge.builder(name, value, AtomicInteger::get)
        .description(description)
        .tag("kind", kind)
        .strongReference(true)
        .register(registry);
    return value;
  }
}
