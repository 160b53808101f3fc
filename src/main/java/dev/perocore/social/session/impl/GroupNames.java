package dev.perocore.social.session.impl;

import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.onebot.ActionRequest;
import dev.perocore.social.onebot.OneBotActions;
import dev.perocore.social.store.Store;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Group names for prompts (issue 15). OneBot message events carry no group name, so the first
 * prompt of a group asks the implementation ({@code get_group_info}, answered by NapCat, Lagrange
 * and LLOneBot) under {@code context.group_name_timeout}; the answer is kept for {@code
 * context.group_name_expiry} and written to the store's groups table (the admin API finds
 * conversations by it). A failure or a late answer is an empty name — the prompt says {@code group
 * <id>} — remembered for {@link #RETRY_AFTER} so an implementation without the action costs one
 * wait a minute per group, not one per reply. One shard's groups, on its event loop: no locks.
 */
final class GroupNames {

  static final String KIND_FETCH = "session.context.group_name";
  static final String KIND_STORE = "session.group_name.store";
  static final Duration RETRY_AFTER = Duration.ofMinutes(1);
  /** Groups remembered at most, the least recently used forgotten first. */
  static final int MAX_GROUPS = 4096;

  private record Known(Optional<String> name, long expiresAtMillis) {}

  private final TaskSet tasks;
  private final OneBotActions actions;
  private final Store store;
  private final Duration timeout;
  private final Duration expiry;
  private final Duration storeTimeout;
  private final LongSupplier clock;
  private final Map<Long, Known> known = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Known> eldest) {
      return size() > MAX_GROUPS;
    }
  };
  /** One question per group at a time: a second prompt waits for the same answer. */
  private final Map<Long, Future<Optional<String>>> asking = new HashMap<>();

  GroupNames(TaskSet tasks, OneBotActions actions, Store store, Duration timeout, Duration expiry,
      Duration storeTimeout, LongSupplier clock) {
    this.tasks = tasks;
    this.actions = actions;
    this.store = store;
    this.timeout = timeout;
    this.expiry = expiry;
    this.storeTimeout = storeTimeout;
    this.clock = clock;
  }

  /** The group's name, asked of bot {@code selfId} if not known; empty if it could not be had. */
  Future<Optional<String>> name(long selfId, long groupId) {
    long now = clock.getAsLong();
    Known hit = known.get(groupId);
    if (hit != null && hit.expiresAtMillis() > now) {
      return Future.succeededFuture(hit.name());
    }
    Future<Optional<String>> pending = asking.get(groupId);
    if (pending != null) {
      return pending;
    }
    Future<Optional<String>> answer = tasks.run(KIND_FETCH, "group " + groupId, timeout,
            // The action's own deadline is later: the wait that ends first is this task's, named
            // session.context.group_name; the gateway still frees the question soon after.
            () -> actions.call(ActionRequest.of(selfId, "get_group_info",
                new JsonObject().put("group_id", groupId)).withTimeout(timeout.plusSeconds(1))))
        .map(result -> nameIn(result.data()))
        .otherwise(Optional.empty());
    asking.put(groupId, answer);
    return answer.andThen(ar -> {
      asking.remove(groupId);
      Optional<String> name = ar.result();
      long until = clock.getAsLong() + (name.isPresent() ? expiry : RETRY_AFTER).toMillis();
      known.put(groupId, new Known(name, until));
      name.ifPresent(n -> remember(groupId, n));
    });
  }

  /** A name already known and fresh, without asking. */
  Optional<String> known(long groupId) {
    Known hit = known.get(groupId);
    return hit != null && hit.expiresAtMillis() > clock.getAsLong() ? hit.name() : Optional.empty();
  }

  private void remember(long groupId, String name) {
    // Best effort: a name the store missed is asked again after the expiry anyway.
    tasks.run(KIND_STORE, "group " + groupId, storeTimeout,
        () -> store.upsertGroup(groupId, name, Instant.ofEpochMilli(clock.getAsLong())))
        .onComplete(ar -> { });
  }

  private static Optional<String> nameIn(Object data) {
    if (data instanceof JsonObject info && info.getValue("group_name") instanceof String name
        && !name.isBlank()) {
      return Optional.of(name.strip());
    }
    return Optional.empty();
  }
}
