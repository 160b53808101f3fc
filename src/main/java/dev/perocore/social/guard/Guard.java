package dev.perocore.social.guard;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The guard package's services for one Vert.x instance, handed to every verticle: its config,
 * the loop guard, named timeouts, and TaskSets that share one set of task meters.
 */
public final class Guard {

  private final Vertx vertx;
  private final MeterRegistry registry;
  private final GuardConfig config;
  private final LoopGuard loopGuard;
  private final Timeouts timeouts;
  private final TaskMetrics taskMetrics;
  private final Set<TaskSet> taskSets = ConcurrentHashMap.newKeySet();
  private volatile long shutdownDeadlineNanos;
  private volatile boolean shuttingDown;

  private Guard(Vertx vertx, MeterRegistry registry, GuardConfig config, LoopGuard loopGuard) {
    this.vertx = vertx;
    this.registry = registry;
    this.config = config;
    this.loopGuard = loopGuard;
    this.timeouts = new Timeouts(vertx, registry);
    this.taskMetrics = new TaskMetrics(registry);
  }

  /** Installs the loop guard on {@code vertx} and returns the services built around it. */
  public static Guard install(Vertx vertx, MeterRegistry registry, GuardConfig config) {
    return new Guard(vertx, registry, config, LoopGuard.install(vertx, registry, config));
  }

  /**
   * A new TaskSet for one owner (a verticle instance). Call it on the owner's context: the stall
   * watch timer runs there.
   */
  public TaskSet newTaskSet(String owner) {
    TaskSet set = new TaskSet(owner, vertx, taskMetrics, timeouts, config.stallAfter());
    taskSets.add(set);
    return set;
  }

  /** Every task in flight in every TaskSet still open, oldest first. */
  public List<TaskInfo> tasksInFlight() {
    taskSets.removeIf(TaskSet::isClosed);
    List<TaskInfo> all = new ArrayList<>();
    taskSets.forEach(set -> all.addAll(set.inFlight()));
    all.sort(Comparator.comparing(TaskInfo::age).reversed());
    return all;
  }

  /**
   * Starts the process-wide shutdown budget: from now on each draining TaskSet waits at most for
   * what is left of {@code total}, so the whole shutdown fits the orchestrator's grace period.
   */
  public void beginShutdown(Duration total) {
    shutdownDeadlineNanos = System.nanoTime() + total.toNanos();
    shuttingDown = true;
  }

  public boolean shuttingDown() {
    return shuttingDown;
  }

  /** What is left of the shutdown budget, or {@code fallback} when no shutdown has begun. */
  public Duration drainTime(Duration fallback) {
    if (!shuttingDown) {
      return fallback;
    }
    long left = Math.max(0, shutdownDeadlineNanos - System.nanoTime());
    return Duration.ofNanos(Math.min(left, fallback.toNanos()));
  }

  public Timeouts timeouts() {
    return timeouts;
  }

  public LoopGuard loopGuard() {
    return loopGuard;
  }

  public GuardConfig config() {
    return config;
  }

  public MeterRegistry registry() {
    return registry;
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Registers the task meters of kinds known up front at zero: their series exist from start-up,
   * so a rate or increase sees the first task (Prometheus cannot rate a series that appears).
   */
  public void expectTasks(Collection<String> kinds) {
    kinds.forEach(taskMetrics::declare);
  }

  /** Count of tasks of {@code kind} that ended with {@code outcome}; for tests and views. */
  public double taskCount(String kind, TaskOutcome outcome) {
    return taskMetrics.counted(kind, outcome);
  }
}
