package dev.perocore.social.guard;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;

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
    return new TaskSet(owner, vertx, taskMetrics, timeouts, config.stallAfter());
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

  /** Count of tasks of {@code kind} that ended with {@code outcome}; for tests and views. */
  public double taskCount(String kind, TaskOutcome outcome) {
    return taskMetrics.counted(kind, outcome);
  }
}
