package dev.perocore.social.session.impl;

import java.util.TreeMap;

/**
 * Hands a session's ended appends on in arrival order: one that ends before an earlier one of its
 * session waits for it (every append ends, by store.timeout at the latest, so none waits for
 * long). Messages join the buffer in the order they arrived, whatever order commits (or a retried
 * batch, or a timeout) end in. The waiting ones are kept in the session's state, null while none
 * waits — the common case costs two comparisons.
 */
final class AppendOrder {

  private AppendOrder() {}

  /**
   * The append numbered {@code seq} of {@code s} has ended: {@code handOn} runs in its turn, when
   * it is no longer counted as pending.
   */
  static void ended(SessionState s, long seq, Runnable handOn) {
    if (seq == s.appendSeqReleased() + 1 && s.appendsEndedEarly == null) {
      s.appendsPending--;
      handOn.run();
      return;
    }
    if (s.appendsEndedEarly == null) {
      s.appendsEndedEarly = new TreeMap<>();
    }
    s.appendsEndedEarly.put(seq, handOn);
    while (!s.appendsEndedEarly.isEmpty()
        && s.appendsEndedEarly.firstKey() == s.appendSeqReleased() + 1) {
      s.appendsPending--;
      s.appendsEndedEarly.pollFirstEntry().getValue().run();
    }
    if (s.appendsEndedEarly.isEmpty()) {
      s.appendsEndedEarly = null;
    }
  }
}
