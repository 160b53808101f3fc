package dev.perocore.social.session.requests;

import dev.perocore.social.brain.BrainClient;
import dev.perocore.social.brain.FriendRequestQuestion;
import dev.perocore.social.brain.RequestVerdict;
import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.GuardedVerticle;
import dev.perocore.social.guard.OwnerContext;
import dev.perocore.social.guard.RateLimitedLog;
import dev.perocore.social.onebot.InboundEvent;
import dev.perocore.social.onebot.OneBotActions;
import dev.perocore.social.onebot.OneBotAddresses;
import dev.perocore.social.onebot.OneBotConfig;
import dev.perocore.social.onebot.event.GroupRequestEvent;
import dev.perocore.social.onebot.event.RequestEvent;
import dev.perocore.social.session.OutboundMessages;
import dev.perocore.social.store.AppendResult;
import dev.perocore.social.store.PendingRequest;
import dev.perocore.social.store.RequestResolution;
import dev.perocore.social.store.RequestRow;
import dev.perocore.social.store.Store;
import dev.perocore.social.store.StoredRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
 *
 * <p>The desk holds the verticle's lifecycle and a request's two paths (on arrival, and the
 * owner's decision); its steps are parts of their own: {@link RequestAnswer} (the OneBot action),
 * {@link ResolutionWriter} (the stored resolution), {@link RequestOutcomes} (log line, counter and
 * published event of every decision), {@link FriendGreetings} and {@link OwnerNotices} (the
 * private messages a decision is followed by), {@link UnrecordedAnswers} (answers QQ got whose
 * record failed, so none is sent twice).
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
  /** Deadline of each store step of the desk and its parts (request, resolution, outbound row). */
  private static final Duration STORE_LIMIT = Duration.ofSeconds(15);

  private final RequestsConfig config;
  private final OneBotConfig onebot;
  private final Supplier<Store> storeSupplier;
  private final RateLimitedLog warnings = new RateLimitedLog(LOG, Duration.ofSeconds(10));
  /** Ids being decided right now (admin calls), so a second call gets 409, not a second action. */
  private final Set<Long> resolving = new HashSet<>();
  /**
   * Requests being decided right now, by policy (from the verdict until the record) or by the
   * owner: a second decision of the same request, from the admin API or a redelivery, waits its
   * turn as "being resolved" instead of answering QQ twice.
   */
  private final Set<RequestKey> answering = new HashSet<>();
  /** Answered on QQ, not recorded: deciding one again records that answer, sends none. */
  private final UnrecordedAnswers unrecorded = new UnrecordedAnswers();
  private Context context;
  private Store store;
  private BrainClient brain;
  private RequestAnswer answer;
  private ResolutionWriter resolutions;
  private RequestOutcomes outcomes;
  private FriendGreetings greetings;
  private OwnerNotices ownerNotices;
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
    outcomes = new RequestOutcomes(guard.registry());
    OneBotActions actions = new OneBotActions(vertx.eventBus(), onebot);
    brain = new BrainClient(vertx, tasks, config.brainTimeout());
    Duration sendLimit = onebot.actionTimeout().plus(onebot.sendQueueTimeout());
    OutboundMessages outbound = new OutboundMessages(actions, store, tasks, sendLimit, STORE_LIMIT);
    answer = new RequestAnswer(actions, tasks, config.actionTimeout());
    resolutions = new ResolutionWriter(store, tasks, STORE_LIMIT);
    greetings = new FriendGreetings(vertx, tasks, config, outbound);
    ownerNotices = new OwnerNotices(tasks, config, outbound);
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
    if (greetings != null) {
      greetings.cancelAll();
    }
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
          RequestKey key = RequestKey.of(row);
          // A redelivery of a request whose first append failed reads STORED again: the answer
          // in flight, or the one QQ already got, is what stands.
          if (stored == AppendResult.DUPLICATE || answering.contains(key)
              || unrecorded.find(row).isPresent()) {
            LOG.debug("request {} seen before; its first delivery decides", describe(event));
            return Future.succeededFuture(RequestResolution.IGNORED);
          }
          answering.add(key);
          return holding(key, () -> verdict(kind, row)
              .compose(v -> apply(row, kind, v.verdict(), v.by(), "")));
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
      outcomes.decided(row, kind, "held", by);
      ownerNotices.tell(row, "held for you (" + by + ")");
      return Future.succeededFuture(RequestResolution.HELD);
    }
    boolean approve = verdict == RequestVerdict.APPROVE;
    return answer.send(row, approve, remark)
        .compose(v -> resolutions.record(row, approve, by, remark))
        .map(resolution -> {
          outcomes.decided(row, kind, resolution.column(), by);
          if (approve && kind == RequestKind.FRIEND) {
            greetings.greet(row);
          }
          ownerNotices.tell(row, resolution.column() + " (" + by + ")");
          return resolution;
        })
        .recover(cause -> {
          if (cause instanceof ResolutionWriter.RecordFailedException failed) {
            // QQ has the answer: it stands, greeting included. Only the row still reads open,
            // so the owner hears it, and deciding it later records this answer (no second one).
            String resolution = failed.resolution.column();
            outcomes.decided(row, kind, resolution, by);
            unrecorded.remember(row, new UnrecordedAnswers.Answer(approve, by, remark));
            if (approve && kind == RequestKind.FRIEND) {
              greetings.greet(row);
            }
            ownerNotices.tell(row, resolution + " (" + by + "), but not recorded: while it is"
                + " listed as open, deciding it records this answer and sends no other");
            return Future.succeededFuture(failed.resolution);
          }
          outcomes.failed(row, kind, by);
          warnings.warn("action", "could not {} request {}: {}; it stays open for the owner",
              approve ? "approve" : "reject", describe(row), cause.toString());
          ownerNotices.tell(row, "could not be " + (approve ? "approved" : "rejected") + " ("
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
   * failure when the answer could not be sent; the request then stays open. A request being
   * decided right now (by policy or another call) is {@code AlreadyResolved("being resolved")};
   * one QQ already got an answer to whose record failed is not answered again: that answer is
   * recorded (another try) and the outcome is {@code AlreadyResolved} with its resolution. Runs
   * on the desk's context whoever calls it.
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
    // The first read only names the request. It is read again once this call holds its key:
    // whoever held the key before let go only after its record, so the second read sees that
    // record, where a read already in flight across it could still show the row open.
    return started(() -> store.request(id))
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.<ResolveOutcome>succeededFuture(new ResolveOutcome.NotFound(id));
          }
          RequestKey key = RequestKey.of(found.get().row());
          if (!answering.add(key)) {
            return Future.<ResolveOutcome>succeededFuture(
                new ResolveOutcome.AlreadyResolved(id, "being resolved"));
          }
          return holding(key, () -> store.request(id).compose(again -> again.isEmpty()
              ? Future.succeededFuture(new ResolveOutcome.NotFound(id))
              : decideHeld(id, again.get(), approve, remark)));
        })
        .andThen(ar -> resolving.remove(id));
  }

  /** The owner's decision on a request read while holding its key. */
  private Future<ResolveOutcome> decideHeld(long id, StoredRequest request, boolean approve,
      String remark) {
    RequestRow row = request.row();
    if (!request.open()) {
      // A record that outlived its deadline may still have landed.
      unrecorded.forget(row);
      return Future.succeededFuture(new ResolveOutcome.AlreadyResolved(id,
          request.resolution().get().column()));
    }
    Optional<UnrecordedAnswers.Answer> given = unrecorded.find(row);
    if (given.isPresent()) {
      return recordGiven(id, row, given.get());
    }
    RequestKind kind = RequestKind.of(row);
    return answer.send(row, approve, remark)
        .compose(v -> resolutions.record(row, approve, "admin", remark)
            .map(true)
            .otherwise(cause -> {
              unrecorded.remember(row, new UnrecordedAnswers.Answer(approve, "admin", remark));
              return false;
            }))
        .map(recorded -> {
          RequestResolution resolution = approve ? RequestResolution.APPROVED
              : RequestResolution.REJECTED;
          outcomes.decided(row, kind, resolution.column(), "admin");
          if (approve && kind == RequestKind.FRIEND) {
            greetings.greet(row);
          }
          return new ResolveOutcome.Resolved(request, resolution, recorded);
        });
  }

  /**
   * Runs {@code work} while holding {@code key}, which the caller has just added to
   * {@link #answering}, and lets go of it however the work ends, a throw included: a key left
   * behind would make its request "being resolved" for good.
   */
  private <T> Future<T> holding(RequestKey key, Supplier<Future<T>> work) {
    return started(work).andThen(ar -> answering.remove(key));
  }

  /** {@code work}'s future, or a failed one if starting it threw. */
  private static <T> Future<T> started(Supplier<Future<T>> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * A request QQ already has an answer to, whose record failed: records that answer (another try)
   * and says the request is already decided, whatever the owner asked for now.
   */
  private Future<ResolveOutcome> recordGiven(long id, RequestRow row,
      UnrecordedAnswers.Answer given) {
    // Recorded or not (the writer has logged why not), QQ's answer is the outcome.
    return resolutions.record(row, given.approve(), given.by(), given.remark())
        .onSuccess(resolution -> {
          unrecorded.forget(row);
          LOG.info("request {} was {} ({}) before; recorded now", describe(row),
              resolution.column(), given.by());
        })
        .transform(ar -> Future.succeededFuture(
            new ResolveOutcome.AlreadyResolved(id, given.resolution().column())));
  }

  private static String describe(RequestEvent e) {
    return e.selfId() + ":" + e.requestType() + ":" + e.userId() + " flag " + e.flag();
  }

  /** How a request is named in log lines and task details, by the desk and its parts. */
  static String describe(RequestRow r) {
    return r.selfId() + ":" + r.requestType() + ":" + r.userId() + " flag " + r.flag();
  }
}
