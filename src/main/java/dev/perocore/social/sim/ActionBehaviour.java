package dev.perocore.social.sim;

import io.vertx.core.Future;
import java.time.Duration;

/** How the simulator answers an action: as a healthy NapCat would, or not. */
public sealed interface ActionBehaviour {

  /** Answers {@code status: ok, retcode: 0} with plausible data (a message_id for sends). */
  record Ok() implements ActionBehaviour {}

  /** Answers {@code status: failed} with this retcode and wording (e.g. 100 when muted). */
  record Failed(int retcode, String wording) implements ActionBehaviour {}

  /** Answers ok after {@code delay}. */
  record Slow(Duration delay) implements ActionBehaviour {}

  /** Never answers: the half-dead implementation. */
  record Never() implements ActionBehaviour {}

  /** Answers ok once {@code gate} completes: a test holds the answer exactly as long as it needs. */
  record Gated(Future<?> gate) implements ActionBehaviour {}

  static ActionBehaviour ok() {
    return new Ok();
  }

  static ActionBehaviour failed(int retcode, String wording) {
    return new Failed(retcode, wording);
  }

  static ActionBehaviour slow(Duration delay) {
    return new Slow(delay);
  }

  static ActionBehaviour never() {
    return new Never();
  }

  static ActionBehaviour gated(Future<?> gate) {
    return new Gated(gate);
  }
}
