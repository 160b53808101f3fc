package dev.perocore.social.session;

import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.onebot.BotStatus;
import dev.perocore.social.onebot.ClientRole;
import dev.perocore.social.onebot.OneBotConfig;
import dev.perocore.social.session.impl.SessionMetrics;
import dev.perocore.social.session.impl.StickerIndex;
import dev.perocore.social.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session layer as the application wires it: {@code session.shards} verticles (0 = one per
 * CPU core, at most one per event loop: see {@link #defaultCount}), the router the gateway must use so each session reaches its shard, and the
 * directory the admin API reads. Deploy each verticle separately (Vert.x gives each instance its
 * own event loop in turn), after the store and the brain.
 */
public final class SessionShards {

  private static final Logger LOG = LoggerFactory.getLogger(SessionShards.class);
  /** Task kind (and timeout op) of reading the sticker index at start-up. */
  static final String STICKERS_LOAD = "session.stickers.load";
  private static final Duration STICKERS_LIMIT = Duration.ofSeconds(30);

  private final List<SessionVerticle> verticles;
  private final SessionRouter router;
  private final SessionDirectory directory;
  private final SessionMetrics metrics;
  private final ReplyConfig reply;
  /** The sticker index, read once for all shards (by the first that starts). */
  private final AtomicReference<Future<StickerIndex>> stickers = new AtomicReference<>();
  /** Whether a bot can take actions now; every bot counts as connected until {@link #followBots}. */
  private volatile LongPredicate botConnected = selfId -> true;

  /**
   * @param eventLoops the Vert.x event-loop count ({@code vertx.event_loops}, 0 = Vert.x default)
   * @param store the store, read when the shards start (after the store verticle opened it)
   * @param brainKind the answering brain's kind, read when needed: {@code none} cannot summarize
   */
  public SessionShards(Guard guard, Duration drainTimeout, SessionConfig config,
      Duration brainTimeout, OneBotConfig onebot, Supplier<Store> store,
      Supplier<String> brainKind, int eventLoops) {
    int loops = eventLoops > 0 ? eventLoops : VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
    int count = config.shards() > 0 ? config.shards()
        : defaultCount(loops, Runtime.getRuntime().availableProcessors());
    this.directory = new SessionDirectory();
    this.metrics = new SessionMetrics(guard.registry());
    this.router = new SessionRouter(count);
    this.reply = config.reply();
    AtomicBoolean saidNoSummaries = new AtomicBoolean();
    List<SessionVerticle> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add(new SessionVerticle(guard, drainTimeout, i, count, config, brainTimeout, onebot,
          store, directory, metrics, () -> {
            boolean none = "none".equals(brainKind.get());
            // Read per message: the plain read first, so the shards do not contend on a CAS.
            if (none && !saidNoSummaries.get() && saidNoSummaries.compareAndSet(false, true)) {
              LOG.info("memory: brain.kind is none, so sessions are not summarized");
            }
            return !none;
          }, this::stickers, selfId -> botConnected.test(selfId)));
    }
    this.verticles = List.copyOf(list);
  }

  /**
   * How many shards {@code session.shards: 0} means: one per CPU core, at most one per event loop.
   * Not one per event loop (Vert.x runs two per core): the shards are where a message's work is,
   * and with a shard on every loop a burst keeps twice as many threads runnable as there are cores,
   * beside the SQLite writer. Measured with the 50k-message burst on 2 cores (issue 12): four
   * shards 22-27k msgs/s at ~50 us of CPU per message, two shards 27-32k at ~38 us. The
   * connections still use every loop.
   */
  static int defaultCount(int eventLoops, int cores) {
    return Math.max(1, Math.min(eventLoops, cores));
  }

  /**
   * The sticker index ({@code reply.stickers_dir}), read on a worker by the first shard that
   * starts; a bad index fails every shard's start with one line naming the key.
   */
  private Future<StickerIndex> stickers(Vertx vertx, TaskSet tasks) {
    Future<StickerIndex> loaded = stickers.get();
    if (loaded != null) {
      return loaded;
    }
    if (reply.stickersDir().isEmpty()) {
      stickers.compareAndSet(null, Future.succeededFuture(StickerIndex.none()));
      return stickers.get();
    }
    Future<StickerIndex> reading = tasks.run(STICKERS_LOAD, reply.stickersDir(), STICKERS_LIMIT,
        () -> vertx.executeBlocking(
            () -> StickerIndex.load(reply.stickersDir(), reply.stickerMaxBytes()), false))
        .onSuccess(index -> LOG.info("stickers: {} loaded from {} ({})", index.names().size(),
            reply.stickersDir(), String.join(", ", index.names())));
    return stickers.compareAndSet(null, reading) ? reading : stickers.get();
  }

  /**
   * Where the shards learn whether a bot is connected: answers owed from before a restart wait
   * for their bot's connection (and {@code social.onebot.connected}) instead of going nowhere.
   * Call before deploying.
   */
  public void followBots(Supplier<List<BotStatus>> bots) {
    botConnected = selfId -> bots.get().stream()
        .anyMatch(bot -> bot.selfId() == selfId
            && bot.roles().stream().anyMatch(ClientRole::carriesActions));
  }

  public List<SessionVerticle> verticles() {
    return verticles;
  }

  /** Install on the gateway: {@code gateway.router(shards.router())}. */
  public SessionRouter router() {
    return router;
  }

  public SessionDirectory directory() {
    return directory;
  }

  public int count() {
    return verticles.size();
  }

  /** Sessions held in memory over all shards. */
  public long activeSessions() {
    return metrics.activeSessions();
  }
}
