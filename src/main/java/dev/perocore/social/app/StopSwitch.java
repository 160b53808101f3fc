package dev.perocore.social.app;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Which came first, a stop (SIGTERM, Ctrl-C, {@code demo --for}) or a failed start. The first
 * one decides how the process ends: a stop requested during start-up ends the start-up and exits
 * 0 like any stop, and whatever fails because of it is the stop's doing, not a start-up failure;
 * a real failure keeps its exit status, and a signal that arrives while it exits changes nothing.
 * Read from the signal thread, the main thread and the supervisor's event loop, hence atomic.
 */
final class StopSwitch {

  /** Where the process is. */
  enum Phase { STARTING, STOPPING, FAILED }

  private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.STARTING);

  /** True when this call turns the process to stopping (the first stop, before any failure). */
  boolean requestStop() {
    return phase.compareAndSet(Phase.STARTING, Phase.STOPPING);
  }

  /** True when the failure is the process's own (no stop was asked for before it). */
  boolean markFailed() {
    return phase.compareAndSet(Phase.STARTING, Phase.FAILED) || phase.get() == Phase.FAILED;
  }

  boolean stopRequested() {
    return phase.get() == Phase.STOPPING;
  }

  Phase phase() {
    return phase.get();
  }
}
