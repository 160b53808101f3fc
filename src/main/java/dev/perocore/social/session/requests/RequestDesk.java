package dev.perocore.social.session.requests;

import dev.perocore.social.brain.BrainClient;
import dev.perocore.social.brain.FriendRequestQuestion;
import dev.perocore.social.brain.RequestVerdict;
import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.GuardedVerticle;
import dev.perocore.social.guard.OwnerContext;
import dev.perocore.social.guard.RateLimitedLog;
import dev.perocore.social.onebot.ActionRequest;
import dev.perocore.social.onebot.InboundEvent;
import dev.perocore.social.onebot.OneBotActions;
import dev.perocore.social.onebot.OneBotAddresses;
import dev.perocore.social.onebot.OneBotConfig;
import dev.perocore.social.onebot.event.GroupRequestEvent;
import dev.perocore.social.onebot.event.RequestEvent;
import dev.perocore.social.session.OutboundMessages;
import dev.perocore.social.session.SessionEvents;
import dev.perocore.social.store.AppendResult;
import dev.perocore.social.store.PendingRequest;
import dev.perocore.social.store.RequestResolution;
import dev.perocore.social.store.RequestRow;
import dev.perocore.social.store.Store;
import dev.perocore.social.store.StoredRequest;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Friend requests, group invites and group join requests: consumes {@code social.inbound.request},
 * stores every request, decides by policy ({@code requests.*}: approve, reject, ask_brain, hold),
 * answers with {@code set_friend_add_request} / {@code set_group_add_request}, records the
 * resolution, greets a new friend after a pause and tells the owner.
 *
 * <p>PeroCore handled friend requests inline in its receive loop (a 5-15 s sleep, an LLM call, a
 * 10 s send) and stalled every session meanwhile. Here each request is its own tracked task on this
 * verticle's loop with a named deadline per step; the consumer only launches it. A brain that
 * fails or is late means HOLD, and a request whose answer could not be sent stays open: a request
 * is never lost, only left for the owner, who resolves it through the admin API ({@link #resolve}).
 * A held request is an open row (no resolution) in the store, so it survives restarts.
 */
public final class RequestDesk extends GuardedVerticle {

  /** Task kinds (and timeout ops). */
  public static final String HANDLE = "requests.handle";
  public static final String STORE = "requests.store";
  public static final String ACTION = "requests.action";
  public static final String RESOLVE = "requests.resolve";
  public static final String GREETING = "requests.greeting";
  public static final String NOTIFY = "requests.notify_owner";

  private static final Logger LOG = LoggerFactory.getLogger(RequestDesk.class);
  private static final Duration STORE_LIMIT = Duration.ofSeconds(15);

  private final RequestsConfig config;
  private final OneBotConfig onebot;
  private final Supplier<Store> storeSupplier;
  private final RateLimitedLog warnings = new RateLimitedLog(LOG, Duration.ofSeconds(10));
  private final Map<String, Counter> counters = new HashMap<>();
  /** Ids being decided right now (admin calls), so a second call gets 409, not a second action. */
  private final Set<Long> resolving = new HashSet<>();
  /** Greetings waiting for their pause, by timer id: failed explicitly on shutdown. */
  private final Map<Long, Promise<Void>> pendingGreetings = new HashMap<>();
  private Context context;
  private Store store;
  private OneBotActions actions;
  private BrainClient brain;
  private OutboundMessages outbound;
  private MessageConsumer<InboundEvent> consumer;

  /**
   * @param store the store, read when the desk starts (deploy it after the store)
   */
  public RequestDesk(Guard guard, Duration drainTimeout, RequestsConfig config,
      OneBotConfig onebot, Supplier<Store> store) {
    super(guard, drainTimeout);
    this.config = config;
    this.onebot = onebot;
    this.storeSupplier = store;
  }

  @Override
  public String name() {
    return "request-desk";
  }

  @Override
  protected Future<?> begin() {
    context = vertx.getOrCreateContext();
    store = storeSupplier.get();
    // The family exists from start-up: held and failed requests, by policy or brain, at zero.
    for (RequestKind kind : RequestKind.values()) {
      for (String source : List.of("policy", "brain")) {
        counter(kind, "held", source);
        counter(kind, "failed", source);
      }
    }
    actions = new OneBotActions(vertx.eventBus(), onebot);
    brain = new BrainClient(vertx, tasks, config.brainTimeout());
    Duration sendLimit = onebot.actionTimeout().plus(onebot.sendQueueTimeout());
    outbound = new OutboundMessages(actions, store, tasks, sendLimit, STORE_LIMIT);
    // Local: on a cluster each full node answers only its own bots' requests (issue 17).
    consumer = vertx.eventBus().localConsumer(
        OneBotAddresses.INBOUND_PREFIX + RequestEvent.POST_TYPE,
        message -> accept(message.body()));
    LOG.info("request desk: friend {}, group_invite {}, group_add {}{}", config.friend().label(),
        config.groupInvite().label(), config.groupAdd().label(),
        config.ownerQq().map(o -> ", owner " + o).orElse(", no owner to notify"));
    return consumer.completion();
  }

  @Override
  protected Future<?> stopIntake() {
    Map<Long, Promise<Void>> waiting = new HashMap<>(pendingGreetings);
    pendingGreetings.clear();
    waiting.forEach((timer, greeting) -> {
      vertx.cancelTimer(timer);
      greeting.tryFail("shutting down before the greeting's pause ended: greeting not sent");
    });
    MessageConsumer<InboundEvent> c = consumer;
    return c == null ? Future.succeededFuture() : c.unregister();
  }

  // ---- inbound ----------------------------------------------------------------------------------

  /** Only launches: nothing of a request runs inline on the bus delivery. */
  private void accept(InboundEvent inbound) {
    if (!(inbound.event() instanceof RequestEvent event)) {
      return;
    }
    String detail = describe(event);
    tasks.launch(HANDLE, detail, () -> handle(event, inbound.receivedAtMillis()));
  }

  private Future<RequestResolution> handle(RequestEvent event, long receivedAtMillis) {
    RequestKind kind = RequestKind.of(event);
    RequestRow row = new RequestRow(event.selfId(), event.requestType(),
        event instanceof GroupRequestEvent g ? g.subType() : null, event.userId(),
        event instanceof GroupRequestEvent g ? g.groupId() : null, event.comment(), event.flag(),
        Instant.ofEpochSecond(event.time()), Instant.ofEpochMilli(receivedAtMillis));
    return tasks.run(STORE, describe(event), STORE_LIMIT, () -> store.append(row))
        .recover(cause -> {
          // Go on deciding: the answer matters more than our copy. Loud, because a held request
          // that is not stored would be invisible to the admin API.
          LOG.error("request {} could not be stored ({}); deciding by policy anyway",
              describe(event), cause.toString());
          return Future.succeededFuture(AppendResult.STORED);
        })
        .compose(stored -> {
          if (stored == AppendResult.DUPLICATE) {
            LOG.debug("request {} seen before; its first delivery decides", describe(event));
            return Future.succeededFuture(RequestResolution.IGNORED);
          }
          return verdict(kind, row).compose(v -> apply(row, kind, v.verdict(), v.by(), ""));
        });
  }

  private record Verdict(RequestVerdict verdict, String by) {}

  private Future<Verdict> verdict(RequestKind kind, RequestRow row) {
    return switch (config.policy(kind)) {
      case APPROVE -> Future.succeededFuture(new Verdict(RequestVerdict.APPROVE, "policy"));
      case REJECT -> Future.succeededFuture(new Verdict(RequestVerdict.REJECT, "policy"));
      case HOLD -> Future.succeededFuture(new Verdict(RequestVerdict.HOLD, "policy"));
      case ASK_BRAIN -> brain.judge(new FriendRequestQuestion(row.selfId(), row.userId(),
              row.comment(), kind == RequestKind.FRIEND ? FriendRequestQuestion.FRIEND
                  : FriendRequestQuestion.GROUP_INVITE))
          .map(v -> new Verdict(v, "brain"))
          .otherwise(cause -> {
            warnings.warn("brain", "brain gave no verdict on {} {} ({}): held for the owner",
                kind.label(), row.flag(), BrainClient.failureLabel(cause));
            return new Verdict(RequestVerdict.HOLD, "brain " + BrainClient.failureLabel(cause));
          });
    };
  }

  /** Sends the decision (unless HOLD), records it, greets and notifies. */
  private Future<RequestResolution> apply(RequestRow row, RequestKind kind, RequestVerdict verdict,
      String by, String remark) {
    if (verdict == RequestVerdict.HOLD) {
      decided(row, kind, "held", by);
      notifyOwner(row, "held for you (" + by + ")");
      return Future.succeededFuture(RequestResolution.HELD);
    }
    boolean approve = verdict == RequestVerdict.APPROVE;
    return answer(row, approve, remark)
        .compose(v -> record(row, approve, by, remark))
        .map(resolution -> {
          decided(row, kind, resolution.column(), by);
          if (approve && kind == RequestKind.FRIEND) {
            greet(row);
          }
          notifyOwner(row, resolution.column() + " (" + by + ")");
          return resolution;
        })
        .recover(cause -> {
          if (cause instanceof RecordFailedException unrecorded) {
            decided(row, kind, unrecorded.resolution.column(), by);
            return Future.succeededFuture(unrecorded.resolution);
          }
          count(kind, "failed", by);
          published(row, kind, "failed", by);
          warnings.warn("action", "could not {} request {}: {}; it stays open for the owner",
              approve ? "approve" : "reject", describe(row), cause.toString());
          notifyOwner(row, "could not be " + (approve ? "approved" : "rejected") + " ("
              + cause.getMessage() + "): held for you");
          return Future.succeededFuture(RequestResolution.HELD);
        });
  }

  // ---- the owner's decisions (admin API) --------------------------------------------------------

  /** Open requests of every bot, oldest first per bot. */
  public Future<List<PendingRequest>> open(int limit) {
    return store.pendingRequests(limit);
  }

  /**
   * Decides an open request: sends the answer, then records it. Fails with the typed OneBot
   * failure when the answer could not be sent; the request then stays open. Runs on the desk's
   * context whoever calls it.
   */
  public Future<ResolveOutcome> resolve(long id, boolean approve, String remark) {
    return OwnerContext.call(context, () -> tasks.run(RESOLVE, "request " + id, resolveLimit(),
        () -> resolveHere(id, approve, remark == null ? "" : remark)));
  }

  private Duration resolveLimit() {
    return config.actionTimeout().plus(STORE_LIMIT).plus(STORE_LIMIT);
  }

  private Future<ResolveOutcome> resolveHere(long id, boolean approve, String remark) {
    if (resolving.contains(id)) {
      return Future.succeededFuture(new ResolveOutcome.AlreadyResolved(id, "being resolved"));
    }
    resolving.add(id);
    return store.request(id)
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.<ResolveOutcome>succeededFuture(new ResolveOutcome.NotFound(id));
          }
          StoredRequest request = found.get();
          if (!request.open()) {
            return Future.<ResolveOutcome>succeededFuture(new ResolveOutcome.AlreadyResolved(id,
                request.resolution().get().column()));
          }
          RequestRow row = request.row();
          RequestKind kind = RequestKind.of(row);
          return answer(row, approve, remark)
              .compose(v -> record(row, approve, "admin", remark)
                  .map(true)
                  .otherwise(false))
              .<ResolveOutcome>map(recorded -> {
                RequestResolution resolution = approve ? RequestResolution.APPROVED
                    : RequestResolution.REJECTED;
                decided(row, kind, resolution.column(), "admin");
                if (approve && kind == RequestKind.FRIEND) {
                  greet(row);
                }
                return new ResolveOutcome.Resolved(request, resolution, recorded);
              });
        })
        .andThen(ar -> resolving.remove(id));
  }

  // ---- steps ------------------------------------------------------------------------------------

  /** {@code set_friend_add_request} / {@code set_group_add_request} per OneBot v11. */
  private Future<Void> answer(RequestRow row, boolean approve, String remark) {
    ActionRequest request;
    if ("friend".equals(row.requestType())) {
      JsonObject params = new JsonObject().put("flag", row.flag()).put("approve", approve);
      if (approve && !remark.isEmpty()) {
        params.put("remark", remark);
      }
      request = ActionRequest.of(row.selfId(), "set_friend_add_request", params);
    } else {
      String subType = row.subType() == null ? "add" : row.subType();
      // v11 names it sub_type; some implementations (older go-cqhttp forks) read "type".
      JsonObject params = new JsonObject().put("flag", row.flag()).put("sub_type", subType)
          .put("type", subType).put("approve", approve);
      if (!approve && !remark.isEmpty()) {
        params.put("reason", remark);
      }
      request = ActionRequest.of(row.selfId(), "set_group_add_request", params);
    }
    ActionRequest bounded = request.withTimeout(config.actionTimeout());
    return tasks.run(ACTION, describe(row), config.actionTimeout(), () -> actions.call(bounded))
        .mapEmpty();
  }

  private Future<RequestResolution> record(RequestRow row, boolean approve, String by,
      String remark) {
    RequestResolution resolution = approve ? RequestResolution.APPROVED : RequestResolution.REJECTED;
    String note = remark.isEmpty() ? by : by + ": " + remark;
    return tasks.run(STORE, describe(row), STORE_LIMIT, () -> store.resolveRequest(row.selfId(),
            row.requestType(), row.flag(), resolution, note, Instant.now()))
        .map(found -> {
          if (!found) {
            LOG.warn("request {} was {} but is not in the store to record it", describe(row),
                resolution.column());
          }
          return resolution;
        })
        .recover(cause -> {
          // The answer went out; only our record of it failed. Say so, do not pretend it failed.
          LOG.error("request {} was {} but recording it failed: {}", describe(row),
              resolution.column(), cause.toString());
          return Future.failedFuture(new RecordFailedException(resolution, cause));
        });
  }

  /** The answer was sent, the store write was not: not a reason to retry the action. */
  private static final class RecordFailedException extends RuntimeException {
    final RequestResolution resolution;

    RecordFailedException(RequestResolution resolution, Throwable cause) {
      super("answered " + resolution.column() + " but not recorded: " + cause.getMessage(), cause,
          false, false);
      this.resolution = resolution;
    }
  }

  private void greet(RequestRow row) {
    if (config.greeting().isBlank()) {
      return;
    }
    long min = config.greetingDelayMin().toMillis();
    long max = Math.max(min, config.greetingDelayMax().toMillis());
    long delay = Math.max(1, min + (max > min ? ThreadLocalRandom.current().nextLong(max - min + 1) : 0));
    ChatKey key = ChatKey.privateChat(row.selfId(), row.userId());
    // The pause is part of the task, so a pending greeting is visible and is ended on shutdown.
    tasks.launch(GREETING, key.toString(), () -> pause(delay)
        .compose(v -> outbound.send(key, config.greeting(), "greeting")));
  }

  private Future<Void> pause(long millis) {
    Promise<Void> done = Promise.promise();
    long timer = vertx.setTimer(millis, id -> {
      pendingGreetings.remove(id);
      done.tryComplete();
    });
    pendingGreetings.put(timer, done);
    return done.future();
  }

  private void notifyOwner(RequestRow row, String what) {
    Optional<Long> owner = config.ownerQq();
    if (owner.isEmpty() || owner.get() == row.userId()) {
      return;
    }
    String text = "[request] " + RequestKind.of(row).label() + " from " + row.userId()
        + (row.groupId() == null ? "" : " for group " + row.groupId())
        + (row.comment().isEmpty() ? "" : " (\"" + row.comment() + "\")") + ": " + what;
    ChatKey key = ChatKey.privateChat(row.selfId(), owner.get());
    tasks.launch(NOTIFY, key.toString(), () -> outbound.send(key, text, "owner notice"));
  }

  /** Every decision is a line: an operator asked "was that friend request approved, by whom?". */
  private void decided(RequestRow row, RequestKind kind, String decision, String by) {
    LOG.info("request {} ({}): {} by {}", describe(row), kind.label(), decision, by);
    count(kind, decision, by);
    published(row, kind, decision, by);
  }

  /** Subscribers hear every decision on {@code social.events.request_outcome} (issue 17). */
  private static void published(RequestRow row, RequestKind kind, String decision, String by) {
    String source = source(by);
    SessionEvents.publish(SessionEvents.requestOutcome(row, kind.label(), decision, source,
        by.equals(source) ? "" : by, System.currentTimeMillis()));
  }

  private void count(RequestKind kind, String decision, String by) {
    counter(kind, decision, source(by)).increment();
  }

  private static String source(String by) {
    return by.startsWith("brain") ? "brain" : by;
  }

  private Counter counter(RequestKind kind, String decision, String source) {
    return counters.computeIfAbsent(kind.label() + '/' + decision + '/' + source,
        k -> Counter.builder("social.requests")
            .description("Requests handled, by kind, decision and who decided")
            .tag("kind", kind.label()).tag("decision", decision).tag("by", source)
            .register(guard.registry()));
  }

  private static String describe(RequestEvent e) {
    return e.selfId() + ":" + e.requestType() + ":" + e.userId() + " flag " + e.flag();
  }

  private static String describe(RequestRow r) {
    return r.selfId() + ":" + r.requestType() + ":" + r.userId() + " flag " + r.flag();
  }
}
