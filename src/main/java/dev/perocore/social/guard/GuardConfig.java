package dev.perocore.social.guard;

import java.time.Duration;

/**
 * Settings of the guard package ({@code guard.*} in the configuration).
 *
 * @param blockedCheckInterval how often Vert.x's blocked-thread checker looks at every thread
 * @param maxEventLoopExecute how long an event-loop task may run before it counts as blocking
 * @param maxWorkerExecute how long a worker task may run before it counts as blocking
 * @param lagProbeInterval period of the timer that measures each event loop's lag
 * @param stallAfter age at which a tracked task is reported as stalled
 * @param livenessBlockLimit how long an event loop may be blocked before liveness fails
 */
public record GuardConfig(
    Duration blockedCheckInterval,
    Duration maxEventLoopExecute,
    Duration maxWorkerExecute,
    Duration lagProbeInterval,
    Duration stallAfter,
    Duration livenessBlockLimit) {

  /**
   * The same, with the lag probe every {@code interval}. The benchmarks probe every millisecond,
   * below what the config accepts (10 ms): a thousand wake-ups a second per loop are worth it for
   * a measurement, not in service.
   */
  public GuardConfig withLagProbeInterval(Duration interval) {
    return new GuardConfig(blockedCheckInterval, maxEventLoopExecute, maxWorkerExecute, interval,
        stallAfter, livenessBlockLimit);
  }
}
