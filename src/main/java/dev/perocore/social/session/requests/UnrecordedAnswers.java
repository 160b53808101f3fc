package dev.perocore.social.session.requests;

import dev.perocore.social.store.RequestResolution;
import dev.perocore.social.store.RequestRow;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Requests answered on QQ whose resolution could not be stored: their rows still read open, so
 * the admin API lists them and the owner may decide them. Deciding one must not send a second
 * {@code set_*_add_request} for a request QQ has already had its answer to; the desk records the
 * answer given instead. Kept in memory (a store that just failed a write is no place for it), so
 * a restart forgets them and the row reads open again; bounded, the oldest forgotten first. Used
 * on the desk's context only.
 */
final class UnrecordedAnswers {

  /** Far more than a store outage leaves behind in practice; the map stays small regardless. */
  static final int MAX = 1_000;

  /** The answer QQ got, and who gave it, as {@link ResolutionWriter#record} takes them. */
  record Answer(boolean approve, String by, String remark) {
    RequestResolution resolution() {
      return approve ? RequestResolution.APPROVED : RequestResolution.REJECTED;
    }
  }

  private final Map<RequestKey, Answer> answers = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<RequestKey, Answer> eldest) {
      return size() > MAX;
    }
  };

  void remember(RequestRow row, Answer answer) {
    answers.put(RequestKey.of(row), answer);
  }

  Optional<Answer> find(RequestRow row) {
    return Optional.ofNullable(answers.get(RequestKey.of(row)));
  }

  void forget(RequestRow row) {
    answers.remove(RequestKey.of(row));
  }
}
