package dev.perocore.social.session.impl;

import dev.perocore.social.brain.BrainContext;
import dev.perocore.social.brain.ChatLine;
import dev.perocore.social.brain.Memory;
import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.chat.ChatType;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.session.SessionConfig;
import dev.perocore.social.store.NoticeRow;
import dev.perocore.social.store.Store;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gathers what a flush shows the brain. Each part is a tracked read with its own deadline,
 * recovered to an explicit default; a part that failed or came late is left out, named in {@link
 * BrainContext#missingParts()} and counted — the reply goes ahead without it. The future returned
 * by {@link #build} never fails. A group's name comes from {@link GroupNames} beside the reads.
 *
 * <p>PeroCore's self-deadlock came from the related-users lookup including the very session that
 * was asking. Here the related users exclude the current private user, the bot and system rows,
 * and the reads go to the store's reader pool, never through another session.
 */
final class ContextBuilder {

  static final String HISTORY = "history";
  static final String RELATED = "related_users";
  static final String LATEST_GROUP = "latest_group";
  static final String MEMORY = "memory";
  static final String NOTICES = "notices";

  static final String KIND_HISTORY = "session.context.history";
  static final String KIND_RELATED = "session.context.related";
  static final String KIND_GROUP = "session.context.latest_group";
  static final String KIND_MEMORY = "session.context.memory";
  static final String KIND_NOTICES = "session.context.notices";

  /** Recall asks about at most this many of the people speaking, the latest first. */
  static final int MAX_PARTICIPANTS = 20;

  private final Store store;
  private final TaskSet tasks;
  private final SessionConfig.Context config;
  private final SessionMetrics metrics;
  private final GroupNames groupNames;

  ContextBuilder(Store store, TaskSet tasks, SessionConfig.Context config, SessionMetrics metrics,
      GroupNames groupNames) {
    this.store = store;
    this.groupNames = groupNames;
    this.tasks = tasks;
    this.config = config;
    this.metrics = metrics;
  }

  Future<BrainContext> build(ChatKey key, List<ChatLine> buffered) {
    List<String> missing = new ArrayList<>(3);
    Future<List<ChatLine>> stored = config.history() == 0
        ? Future.succeededFuture(List.of())
        : part(HISTORY, missing, List.<ChatLine>of(), tasks.run(KIND_HISTORY, key.toString(),
            config.readTimeout(), () -> store.recent(key, config.history()))
            .map(ChatLines::of));
    // Recalls, mutes, joins and leaves of the same window, as [系统] lines among the messages.
    Future<List<NoticeRow>> notices = config.history() == 0
        ? Future.succeededFuture(List.of())
        : part(NOTICES, missing, List.<NoticeRow>of(), tasks.run(KIND_NOTICES, key.toString(),
            config.readTimeout(), () -> store.notices(key, config.history())));
    Future<List<ChatLine>> history = Future.all(stored, notices)
        .map(both -> NoticeLines.merge(stored.result(), notices.result()));
    Future<Optional<String>> latestGroup = key.type() != ChatType.PRIVATE || !config.groupInPrivate()
        ? Future.succeededFuture(Optional.empty())
        : part(LATEST_GROUP, missing, Optional.<String>empty(), tasks.run(KIND_GROUP,
            key.toString(), config.readTimeout(),
            () -> store.latestGroupOf(key.selfId(), key.peerId()))
            .compose(group -> group.isEmpty() ? Future.succeededFuture(Optional.<String>empty())
                : groupNames.name(key.selfId(), group.get()).map(name -> Optional.of(
                    name.map(n -> n + " (group " + group.get() + ")")
                        .orElse("group " + group.get())))));
    Future<Map<Long, List<ChatLine>>> related = history.compose(lines ->
        related(key, relatedUsers(key, lines, buffered), missing));
    Future<List<Memory>> memories = config.recall() == 0
        ? Future.succeededFuture(List.of())
        : part(MEMORY, missing, List.<Memory>of(), tasks.run(KIND_MEMORY, key.toString(),
            config.readTimeout(), () -> store.recall(key, text(buffered),
                participants(key, buffered), config.groupInPrivate(), config.recall()))
            .map(rows -> Recalled.asMemories(key, rows)));
    // A group's name: asked once per context.group_name_expiry, never longer than its timeout;
    // without it the prompt says "group <id>" (GroupNames never fails).
    Future<Optional<String>> chatName = key.type() != ChatType.GROUP
        ? Future.succeededFuture(Optional.empty()) : groupNames.name(key.selfId(), key.peerId());
    return Future.all(history, latestGroup, related, memories, chatName).map(all ->
        new BrainContext(history.result(), related.result(), latestGroup.result(),
            List.copyOf(missing), memories.result(), chatName.result().orElse("")));
  }

  private static String text(List<ChatLine> buffered) {
    StringBuilder text = new StringBuilder();
    buffered.forEach(line -> text.append(line.text()).append('\n'));
    return text.toString();
  }

  /**
   * The people speaking in the buffered messages (not the bot, not system rows), at most {@link
   * #MAX_PARTICIPANTS}: recall also brings summaries about them from their other groups.
   */
  static List<Long> participants(ChatKey key, List<ChatLine> buffered) {
    Set<Long> users = new LinkedHashSet<>();
    for (int i = buffered.size() - 1; i >= 0 && users.size() < MAX_PARTICIPANTS; i--) {
      ChatLine line = buffered.get(i);
      if (!line.fromBot() && line.senderId() > 0 && line.senderId() != key.selfId()) {
        users.add(line.senderId());
      }
    }
    return List.copyOf(users);
  }

  /**
   * Up to {@code context.related_users} other people who spoke among the last {@code
   * context.related_window} messages, most recent first — never the current private user, the
   * bot, or a system row.
   */
  List<Long> relatedUsers(ChatKey key, List<ChatLine> history, List<ChatLine> buffered) {
    List<ChatLine> all = new ArrayList<>(history.size() + buffered.size());
    all.addAll(history);
    all.addAll(buffered);
    Set<Long> users = new LinkedHashSet<>();
    int seen = 0;
    for (int i = all.size() - 1; i >= 0 && seen < config.relatedWindow()
        && users.size() < config.relatedUsers(); i--, seen++) {
      ChatLine line = all.get(i);
      long sender = line.senderId();
      boolean self = line.fromBot() || sender == key.selfId();
      boolean system = sender <= 0;
      boolean current = key.type() == ChatType.PRIVATE && sender == key.peerId();
      if (!self && !system && !current) {
        users.add(sender);
      }
    }
    return List.copyOf(users);
  }

  private Future<Map<Long, List<ChatLine>>> related(ChatKey key, List<Long> users,
      List<String> missing) {
    // Private chats enter a group prompt only when the operator opted in (context.private_in_group).
    boolean allowed = key.type() != ChatType.GROUP || config.privateInGroup();
    if (!allowed || users.isEmpty() || config.relatedMessages() == 0) {
      return Future.succeededFuture(Map.of());
    }
    List<Future<List<ChatLine>>> reads = new ArrayList<>(users.size());
    for (long user : users) {
      reads.add(tasks.run(KIND_RELATED, key + " user " + user, config.relatedTimeout(),
          () -> store.privateHistory(key.selfId(), user, config.relatedMessages()))
          .map(ChatLines::of));
    }
    return Future.join(reads).transform(ignored -> {
      Map<Long, List<ChatLine>> byUser = new LinkedHashMap<>();
      boolean anyMissing = false;
      for (int i = 0; i < users.size(); i++) {
        Future<List<ChatLine>> read = reads.get(i);
        if (read.succeeded()) {
          byUser.put(users.get(i), read.result());
        } else {
          anyMissing = true;
        }
      }
      if (anyMissing) {
        missing.add(RELATED);
        metrics.missing(RELATED);
      }
      return Future.succeededFuture(byUser);
    });
  }

  private <T> Future<T> part(String name, List<String> missing, T fallback, Future<T> read) {
    return read.recover(cause -> {
      missing.add(name);
      metrics.missing(name);
      return Future.succeededFuture(fallback);
    });
  }
}
