package dev.perocore.social.session.impl;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.onebot.event.GroupBanNotice;
import dev.perocore.social.onebot.event.NoticeEvent;
import dev.perocore.social.session.SessionConfig;
import dev.perocore.social.store.NoticeRow;
import dev.perocore.social.store.Store;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A notice's way in: every notice is stored (a {@link Shard#KIND_NOTICE} task) and none is a
 * trigger; a ban of the bot itself, or of the whole group, goes to the {@link MuteWatch}.
 */
final class NoticeIntake {

  /** The shard's log category, shared by all its parts. */
  private static final Logger LOG = LoggerFactory.getLogger(Shard.class);

  private final TaskSet tasks;
  private final SessionConfig config;
  private final Store store;
  private final SessionTable sessions;
  private final MuteWatch mutes;

  NoticeIntake(TaskSet tasks, SessionConfig config, Store store, SessionTable sessions,
      MuteWatch mutes) {
    this.tasks = tasks;
    this.config = config;
    this.store = store;
    this.sessions = sessions;
    this.mutes = mutes;
  }

  void onNotice(NoticeEvent notice, long receivedAt) {
    ChatKey key = EventKeys.of(notice);
    long group = EventKeys.groupId(notice.raw());
    long user = EventKeys.number(notice.raw(), "user_id");
    long operator = EventKeys.number(notice.raw(), "operator_id");
    NoticeRow row = new NoticeRow(notice.selfId(), notice.noticeType(),
        notice.subType().isEmpty() ? null : notice.subType(), group > 0 ? group : null,
        user > 0 ? user : null, operator > 0 ? operator : null, notice.raw().encode(),
        Instant.ofEpochSecond(notice.time()), Instant.ofEpochMilli(receivedAt));
    String detail = (key == null ? notice.selfId() + ":-" : key.toString()) + " "
        + notice.noticeType();
    // A failure is counted and logged by the TaskSet with the notice named in its detail.
    tasks.run(Shard.KIND_NOTICE, detail, config.storeTimeout(), () -> store.append(row))
        .onSuccess(result -> LOG.debug("notice {}: {}", detail, result));
    if (notice instanceof GroupBanNotice ban && key != null
        && (ban.userId() == ban.selfId() || ban.wholeGroup())) {
      mutes.onBotMuted(sessions.state(key), ban);
    }
  }
}
