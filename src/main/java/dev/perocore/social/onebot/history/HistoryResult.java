package dev.perocore.social.onebot.history;

import dev.perocore.social.onebot.event.MessageEvent;
import java.util.List;

/**
 * One chat's backfill: how it ended and the messages it found, oldest first.
 *
 * @param outcome complete, capped, failed or unsupported
 * @param messages the messages newer than the known point, oldest first (also for a capped or
 *     failed chat: what was fetched before it stopped is kept)
 * @param pages history calls made
 * @param why for a failed chat, the cause; else empty
 */
public record HistoryResult(BackfillOutcome outcome, List<MessageEvent> messages, int pages,
    String why) {

  public HistoryResult {
    messages = List.copyOf(messages);
  }

  static HistoryResult unsupported() {
    return new HistoryResult(BackfillOutcome.UNSUPPORTED, List.of(), 0, "");
  }
}
