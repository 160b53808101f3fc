package dev.perocore.social.session.impl;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.chat.ChatType;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.session.BotPolicy;
import dev.perocore.social.session.GroupMode;
import dev.perocore.social.session.SessionConfig;
import dev.perocore.social.store.SessionActivity;
import dev.perocore.social.store.Store;
import io.vertx.core.Vertx;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Proactive mode ({@code proactive.enabled}): the bot may speak first. Every {@code
 * group_interval} / {@code private_interval}, outside {@code quiet_hours}, each bot's most recently
 * active chats are read from the store (a {@link Shard#KIND_SCAN} task) and those of this shard
 * that are quiet and where the bot may speak get a {@link FlushTrigger#PROACTIVE} flush, which
 * asks the brain in observing mode.
 */
final class ProactiveScan {

  private final int shard;
  private final int shardCount;
  private final Vertx vertx;
  private final TaskSet tasks;
  private final SessionConfig config;
  private final Store store;
  private final SessionTable sessions;
  private final FlushSlots slots;
  private final List<Long> periodic = new ArrayList<>();

  ProactiveScan(int shard, int shardCount, Vertx vertx, TaskSet tasks, SessionConfig config,
      Store store, SessionTable sessions, FlushSlots slots) {
    this.shard = shard;
    this.shardCount = shardCount;
    this.vertx = vertx;
    this.tasks = tasks;
    this.config = config;
    this.store = store;
    this.sessions = sessions;
    this.slots = slots;
  }

  /** Starts the periodic scans, if enabled. */
  void start() {
    SessionConfig.Proactive proactive = config.proactive();
    if (proactive.enabled()) {
      if (proactive.groupTop() > 0) {
        periodic.add(vertx.setPeriodic(proactive.groupInterval().toMillis(),
            id -> scan(ChatType.GROUP, proactive.groupTop())));
      }
      if (proactive.privateTop() > 0) {
        periodic.add(vertx.setPeriodic(proactive.privateInterval().toMillis(),
            id -> scan(ChatType.PRIVATE, proactive.privateTop())));
      }
    }
  }

  void stop() {
    periodic.forEach(vertx::cancelTimer);
    periodic.clear();
  }

  private void scan(ChatType type, int top) {
    SessionConfig.Proactive proactive = config.proactive();
    if (proactive.quiet(LocalTime.now(proactive.zone()))) {
      return;
    }
    for (long selfId : sessions.bots()) {
      tasks.run(Shard.KIND_SCAN, selfId + " " + type.label(), config.context().readTimeout(),
              () -> store.sessionsByActivity(selfId, type, top))
          .onSuccess(active -> {
            for (SessionActivity activity : active) {
              ChatKey key = activity.session();
              if (key.shard(shardCount) == shard) {
                poke(key);
              }
            }
          });
    }
  }

  private void poke(ChatKey key) {
    BotPolicy policy = config.bot(key.selfId());
    boolean speaks = key.type() == ChatType.GROUP
        ? policy.groupMode(key.peerId(), config.groupMode()) == GroupMode.REPLY
        : policy.userAllowed(key.peerId());
    SessionState s = sessions.state(key);
    // A session with messages waiting has its own flush coming (possibly a summon, which a
    // proactive, observing flush must not swallow); only quiet sessions are poked.
    if (speaks && s.quiet() && !s.paused(System.currentTimeMillis())) {
      slots.flush(s, FlushTrigger.PROACTIVE);
    }
  }
}
