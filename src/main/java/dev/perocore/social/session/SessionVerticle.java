package dev.perocore.social.session;

import dev.perocore.social.brain.BrainClient;
import dev.perocore.social.media.MediaCache;
import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.GuardedVerticle;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.onebot.InboundEvent;
import dev.perocore.social.onebot.OneBotActions;
import dev.perocore.social.onebot.OneBotAddresses;
import dev.perocore.social.onebot.OneBotConfig;
import dev.perocore.social.session.impl.SessionMetrics;
import dev.perocore.social.session.impl.Shard;
import dev.perocore.social.session.impl.StickerIndex;
import dev.perocore.social.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

/**
 * One session shard: consumes {@code social.session.<shard>} and owns the sessions routed there.
 * Their state lives on this verticle's event loop only; every piece of work is a task of its
 * TaskSet, so undeploying drains in-flight flushes (or names what it abandons). Built by {@link
 * SessionShards}.
 */
public final class SessionVerticle extends GuardedVerticle {

  private final int shard;
  private final int shardCount;
  private final SessionConfig config;
  private final Duration brainTimeout;
  private final OneBotConfig onebot;
  private final Supplier<Store> store;
  private final SessionDirectory directory;
  private final SessionMetrics metrics;
  private final BooleanSupplier summariesEnabled;
  private final BiFunction<Vertx, TaskSet, Future<StickerIndex>> stickers;
  /** The cache sweep's task kind: expired files, then the oldest beyond the cap. */
  static final String MEDIA_SWEEP_KIND = "session.media.sweep";
  private static final Duration MEDIA_SWEEP = Duration.ofMinutes(10);
  private MessageConsumer<InboundEvent> consumer;
  private MessageConsumer<JsonObject> connections;
  private final LongPredicate botConnected;
  private Shard sessions;
  /** Null when media.enabled is false. */
  private MediaCache media;
  private long mediaSweep = -1;

  SessionVerticle(Guard guard, Duration drainTimeout, int shard, int shardCount,
      SessionConfig config, Duration brainTimeout, OneBotConfig onebot, Supplier<Store> store,
      SessionDirectory directory, SessionMetrics metrics, BooleanSupplier summariesEnabled,
      BiFunction<Vertx, TaskSet, Future<StickerIndex>> stickers, LongPredicate botConnected) {
    super(guard, drainTimeout);
    this.shard = shard;
    this.shardCount = shardCount;
    this.config = config;
    this.brainTimeout = brainTimeout;
    this.onebot = onebot;
    this.store = store;
    this.directory = directory;
    this.metrics = metrics;
    this.summariesEnabled = summariesEnabled;
    this.stickers = stickers;
    this.botConnected = botConnected;
  }

  @Override
  public String name() {
    return "session-" + shard;
  }

  public int shard() {
    return shard;
  }

  @Override
  protected Future<?> begin() {
    return stickers.apply(vertx, tasks).compose(this::beginWith);
  }

  private Future<?> beginWith(StickerIndex stickerIndex) {
    Store opened = store.get();
    OneBotActions actions = new OneBotActions(vertx.eventBus(), onebot);
    OutboundMessages outbound = new OutboundMessages(actions, opened, tasks, config.sendTimeout(),
        config.storeTimeout(), selfId -> config.bot(selfId).name());
    if (config.media().enabled()) {
      media = new MediaCache(vertx, guard.timeouts(), guard.registry(), config.media());
      if (shard == 0) {
        // One shard keeps the shared folder within media.cache_max_bytes and media.expire_after;
        // every shard also sweeps after writing a tenth of the cap.
        sweepMedia();
        mediaSweep = vertx.setPeriodic(MEDIA_SWEEP.toMillis(), id -> sweepMedia());
      }
    }
    sessions = new Shard(shard, shardCount, vertx, tasks, config, opened,
        new BrainClient(vertx, tasks, brainTimeout), outbound, directory, metrics,
        summariesEnabled, stickerIndex, media, actions, botConnected);
    sessions.start();
    // Before the re-buffer reads: a bot that connects while it reads is either seen connected by
    // it or heard here afterwards (both on this loop), never missed.
    Shard shardSessions = sessions;
    connections = vertx.eventBus().localConsumer(OneBotAddresses.CONNECTED,
        message -> shardSessions.botConnected(message.body().getLong("self_id", 0L)));
    // Before any event: a redelivery of a re-buffered message then finds it in hand. Local: on a
    // cluster each full node's sessions take only its own bots' events (issue 17).
    return connections.completion().compose(ready -> sessions.rebuffer()).compose(v -> {
      consumer = vertx.eventBus().localConsumer(SessionAddresses.shard(shard),
          message -> sessions.onEvent(message.body()));
      return consumer.completion();
    });
  }

  /**
   * Runs after the gateway stopped reading: events it published before then may still wait in this
   * loop's queue, and an unregistered consumer would drop them unseen. One turn of the loop hands
   * them to the sessions (their appends become tasks the drain waits for); then timers stop and the
   * consumer goes.
   */
  @Override
  protected Future<?> stopIntake() {
    Promise<Void> queuedHandedOn = Promise.promise();
    context.runOnContext(v -> queuedHandedOn.complete());
    return queuedHandedOn.future().compose(v -> {
      if (sessions != null) {
        sessions.stop();
      }
      Future<Void> heard = connections == null ? Future.succeededFuture()
          : connections.unregister();
      return consumer == null ? heard : Future.all(heard, consumer.unregister()).mapEmpty();
    });
  }

  @Override
  protected Future<?> release() {
    if (sessions != null) {
      sessions.stopped();
    }
    if (mediaSweep != -1) {
      vertx.cancelTimer(mediaSweep);
    }
    return media == null ? Future.succeededFuture() : media.close();
  }

  private void sweepMedia() {
    tasks.run(MEDIA_SWEEP_KIND, "media.dir", Duration.ofMinutes(1), media::sweep)
        .onSuccess(deleted -> {
          if (deleted > 0) {
            org.slf4j.LoggerFactory.getLogger(SessionVerticle.class)
                .info("media: the cache sweep deleted {} file(s) (expired or beyond the cap)",
                    deleted);
          }
        });
  }
}
