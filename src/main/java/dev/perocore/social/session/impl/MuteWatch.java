package dev.perocore.social.session.impl;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.guard.RateLimitedLog;
import dev.perocore.social.onebot.event.GroupBanNotice;
import dev.perocore.social.session.OutboundMessages;
import dev.perocore.social.session.SessionConfig;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot muted in a group: its replies there pause until the mute ends (lifted, or its duration
 * passed, which the eviction sweep notices), and the owner ({@code owner.qq}) is told in a private
 * message, at most once per group and {@code owner.notify_interval}.
 */
final class MuteWatch {

  /** The shard's log category, shared by all its parts. */
  private static final Logger LOG = LoggerFactory.getLogger(Shard.class);

  private final SessionConfig config;
  private final OutboundMessages outbound;
  private final SessionTable sessions;
  private final RateLimitedLog log;
  /** When the owner was last told about each session. */
  private final Map<ChatKey, Long> ownerNotified = new HashMap<>();

  MuteWatch(SessionConfig config, OutboundMessages outbound, SessionTable sessions,
      RateLimitedLog log) {
    this.config = config;
    this.outbound = outbound;
    this.sessions = sessions;
    this.log = log;
  }

  void onBotMuted(SessionState s, GroupBanNotice ban) {
    long now = System.currentTimeMillis();
    if (ban.lifted()) {
      s.reply().pausedUntilMillis = 0;
      LOG.info("session {}: mute lifted; replies resume", s.key);
    } else {
      s.reply().pausedUntilMillis =
          ban.duration() > 0 ? now + ban.duration() * 1000 : Long.MAX_VALUE;
      LOG.warn("session {}: the bot is muted{} ({} s); replies paused", s.key,
          ban.wholeGroup() ? " (whole group)" : "", ban.duration());
      notifyOwner(s.key, "I was muted in group " + s.key.peerId()
          + (ban.duration() > 0 ? " for " + ban.duration() + " s" : "")
          + " by " + ban.operatorId() + ".");
    }
    sessions.publish(s);
  }

  private void notifyOwner(ChatKey about, String text) {
    long owner = config.owner().qq();
    if (owner == 0) {
      return;
    }
    long now = System.currentTimeMillis();
    Long last = ownerNotified.get(about);
    if (last != null && now - last < config.owner().notifyInterval().toMillis()) {
      return;
    }
    ownerNotified.put(about, now);
    outbound.send(ChatKey.privateChat(about.selfId(), owner), text, "owner-notice")
        .onComplete(ar -> {
          if (ar.succeeded() && !ar.result().sent()) {
            log.warn("owner-notice", "could not tell owner {} about {}: {}", owner, about,
                ar.result().error());
          }
        });
  }

  /** Forgets owner notices older than the interval (they no longer hold a new one back). */
  void forgetOldNotices(long now) {
    ownerNotified.values().removeIf(at -> now - at >= config.owner().notifyInterval().toMillis());
  }
}
