package dev.perocore.social.session.backfill;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.GuardedVerticle;
import dev.perocore.social.guard.RateLimitedLog;
import dev.perocore.social.onebot.BackfillConfig;
import dev.perocore.social.onebot.BotStatus;
import dev.perocore.social.onebot.OneBotActions;
import dev.perocore.social.onebot.OneBotAddresses;
import dev.perocore.social.onebot.OneBotConfig;
import dev.perocore.social.onebot.history.BackfillOutcome;
import dev.perocore.social.onebot.history.HistoryStrategy;
import dev.perocore.social.store.Store;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catches up on what each bot missed: on every {@code social.onebot.connected} (and for bots
 * already connected when it starts) one {@link BackfillRun} per bot, as a {@value #KIND_RUN}
 * task; a reconnect during a run runs it once more afterwards, from the new connect. History calls
 * go one at a time, each after {@code page_interval}, each a {@value #KIND_PAGE} task with the
 * action deadline ({@link PagePacer}). Deploy one instance, after the store and the gateway.
 */
public final class BackfillVerticle extends GuardedVerticle {

  /** Task kind of one bot's whole run (deadline: the budget plus one call and one store write). */
  public static final String KIND_RUN = "session.backfill";
  /** Task kind (and timeout op) of one history, version or recent-contacts call. */
  public static final String KIND_PAGE = "session.backfill.page";
  /** Task kind (and timeout op) of storing one chat's recovered rows. */
  public static final String KIND_STORE = "session.backfill.store";

  private static final Logger LOG = LoggerFactory.getLogger(BackfillVerticle.class);

  private final BackfillConfig config;
  private final OneBotConfig onebot;
  private final Supplier<Store> store;
  private final Supplier<List<BotStatus>> connectedBots;
  private final Duration storeTimeout;
  private final RateLimitedLog limited = new RateLimitedLog(LOG, Duration.ofSeconds(30));
  private final Map<Long, Long> rerunFrom = new HashMap<>();
  private final Set<Long> running = new HashSet<>();
  private final Set<Long> toldUnsupported = new HashSet<>();
  /** Each bot's latest run, for the admin API (read on other loops: a concurrent map of records). */
  private final Map<Long, BackfillState> states = new ConcurrentHashMap<>();
  private BackfillMetrics metrics;
  private PagePacer pacer;
  private MessageConsumer<JsonObject> consumer;
  /** Set by stopIntake: runs end after their current step, so a shutdown's drain is not spent here. */
  private boolean stopping;

  public BackfillVerticle(Guard guard, Duration drainTimeout, BackfillConfig config,
      OneBotConfig onebot, Supplier<Store> store, Supplier<List<BotStatus>> connectedBots,
      Duration storeTimeout) {
    super(guard, drainTimeout);
    this.config = config;
    this.onebot = onebot;
    this.store = store;
    this.connectedBots = connectedBots;
    this.storeTimeout = storeTimeout;
  }

  @Override
  public String name() {
    return "backfill";
  }

  @Override
  protected Future<?> begin() {
    metrics = new BackfillMetrics(guard.registry());
    pacer = new PagePacer(vertx, tasks, config, onebot,
        new OneBotActions(vertx.eventBus(), onebot));
    if (!config.enabled()) {
      LOG.info("backfill: off (onebot.backfill.enabled false): messages sent while a bot is"
          + " disconnected are not fetched");
      return Future.succeededFuture();
    }
    consumer = vertx.eventBus().consumer(OneBotAddresses.CONNECTED, message -> {
      Long selfId = message.body().getLong("self_id");
      if (selfId != null) {
        connected(selfId, System.currentTimeMillis());
      }
    });
    return consumer.completion().onSuccess(v -> {
      // Bots that connected before this verticle listened (forward connections at start-up).
      long now = System.currentTimeMillis();
      connectedBots.get().stream().filter(b -> !b.roles().isEmpty())
          .forEach(b -> connected(b.selfId(), now));
    });
  }

  @Override
  protected Future<?> stopIntake() {
    stopping = true;
    if (pacer != null) {
      pacer.stop();
    }
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void connected(long selfId, long atMillis) {
    if (running.contains(selfId)) {
      rerunFrom.put(selfId, atMillis);
      return;
    }
    running.add(selfId);
    Duration limit = config.budget().plus(onebot.actionTimeout()).plus(storeTimeout)
        .plus(config.pageInterval());
    tasks.run(KIND_RUN, "bot " + selfId, limit, () -> run(selfId, atMillis))
        .onComplete(done -> {
          running.remove(selfId);
          Long again = rerunFrom.remove(selfId);
          if (again != null && !tasks.isClosed()) {
            connected(selfId, again);
          }
        });
  }

  /** The latest run of {@code selfId} as JSON ({@code GET /api/v1/bots}), or null if none ran. */
  public JsonObject state(long selfId) {
    BackfillState state = states.get(selfId);
    return state == null ? null : state.json();
  }

  private Future<Void> run(long selfId, long connectedAtMillis) {
    long started = System.nanoTime();
    Instant startedAt = Instant.now();
    states.put(selfId, BackfillState.running(startedAt));
    BackfillRun run = new BackfillRun(selfId, connectedAtMillis, config, store.get(), tasks,
        pacer::call, storeTimeout);
    return run.identify()
        .compose(strategy -> run.chats().compose(chats -> {
          if (strategy == HistoryStrategy.NONE) {
            if (toldUnsupported.add(selfId)) {
              LOG.warn("bot {}: \"{}\" offers no message history: what its chats say while it is"
                  + " disconnected cannot be fetched (said once per bot)", selfId, run.appName);
            }
            run.countAll(chats, BackfillOutcome.UNSUPPORTED);
            return Future.succeededFuture();
          }
          LOG.info("bot {}: backfill from {} ({}): {} chat(s) to check", selfId, run.appName,
              strategy.label(), chats.size());
          return chats(run, chats, 0);
        }), cause -> {
          limited.warn("version:" + selfId, "bot {}: backfill: get_version_info failed ({});"
              + " nothing fetched this time", selfId, cause.getMessage());
          return run.chats().map(chats -> {
            run.countAll(chats, BackfillOutcome.FAILED);
            return null;
          });
        })
        .eventually(() -> {
          metrics.stored(run.recovered);
          states.put(selfId, new BackfillState(stopping ? "interrupted"
              : run.outcomes.containsKey(BackfillOutcome.UNSUPPORTED) ? "unsupported" : "done",
              Instant.now(), run.recovered, Map.copyOf(run.outcomes)));
          if (stopping) {
            // Cut short by the shutdown: what it stored stays, its outcomes would say nothing.
            LOG.info("bot {}: backfill interrupted by the shutdown after {} ms: {} message(s)"
                + " recovered", selfId, (System.nanoTime() - started) / 1_000_000, run.recovered);
            return Future.succeededFuture();
          }
          run.outcomes.forEach((outcome, n) -> {
            for (int i = 0; i < n; i++) {
              metrics.chat(outcome);
            }
          });
          if (!run.outcomes.isEmpty()) {
            LOG.info("bot {}: backfill done in {} ms: {} message(s) recovered; chats {}", selfId,
                (System.nanoTime() - started) / 1_000_000, run.recovered, labels(run));
          }
          return Future.succeededFuture();
        })
        .mapEmpty();
  }

  /** The chats one after another; those left when the budget is spent are capped. */
  private Future<Void> chats(BackfillRun run, List<ChatKey> chats, int next) {
    if (next >= chats.size()) {
      return Future.succeededFuture();
    }
    ChatKey chat = chats.get(next);
    if (stopping) {
      return Future.succeededFuture();
    }
    if (run.overBudget()) {
      run.countAll(chats.subList(next, chats.size()), BackfillOutcome.CAPPED);
      return Future.succeededFuture();
    }
    return run.chat(chat)
        .recover(cause -> {
          // A failed store read: the gap of this chat stays open, the others are still fetched.
          run.count(BackfillOutcome.FAILED);
          return Future.succeededFuture(BackfillOutcome.FAILED);
        })
        .onSuccess(outcome -> {
          if (outcome == BackfillOutcome.FAILED) {
            limited.warn("chat:" + chat.selfId(), "bot {}: backfill of {} failed: its gap stays"
                + " open (social_backfill_chats_total{outcome=\"failed\"})", chat.selfId(), chat);
          }
        })
        .compose(outcome -> chats(run, chats, next + 1));
  }

  private static String labels(BackfillRun run) {
    StringBuilder text = new StringBuilder();
    run.outcomes.forEach((outcome, n) -> text.append(text.length() == 0 ? "" : ", ")
        .append(outcome.label()).append(' ').append(n));
    return text.toString();
  }
}
