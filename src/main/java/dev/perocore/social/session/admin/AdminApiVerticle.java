package dev.perocore.social.session.admin;

import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.GuardedVerticle;
import dev.perocore.social.guard.OwnerContext;
import dev.perocore.social.onebot.OneBotActions;
import dev.perocore.social.onebot.OneBotConfig;
import dev.perocore.social.ops.AdminScatter;
import dev.perocore.social.ops.RouteMount;
import dev.perocore.social.session.OutboundMessages;
import dev.perocore.social.session.SessionDirectory;
import dev.perocore.social.session.requests.RequestDesk;
import dev.perocore.social.store.Store;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The owner of the admin API's work: every handler's async step (a store read, a send, a backup,
 * a request decision) is a task of this verticle's TaskSet with a named deadline, run on this
 * verticle's context. The routes themselves ({@link #mounts()}) live on the service server, which
 * stops accepting before this verticle drains. Deploy it after the store and before the server.
 */
public final class AdminApiVerticle extends GuardedVerticle {

  private static final Duration STORE_LIMIT = Duration.ofSeconds(15);

  private final OneBotConfig onebot;
  private final Supplier<Store> storeSupplier;
  private final SessionDirectory sessions;
  private final RequestDesk desk;
  private final Path storeFile;
  /** media.dir: where the files of a deleted history's images are. */
  private volatile Path mediaDir;
  /** The cluster's full nodes answer the listings too; null without a cluster. */
  private volatile AdminScatter scatter;
  private Context context;
  private Store store;
  private OutboundMessages outbound;

  /**
   * @param storeFile the database file ({@code store.path}): default backups go beside it
   */
  public AdminApiVerticle(Guard guard, Duration drainTimeout, OneBotConfig onebot,
      Supplier<Store> store, SessionDirectory sessions, RequestDesk desk, Path storeFile) {
    super(guard, drainTimeout);
    this.onebot = onebot;
    this.storeSupplier = store;
    this.sessions = sessions;
    this.desk = desk;
    this.storeFile = storeFile;
    Path parent = storeFile.toAbsolutePath().getParent();
    this.mediaDir = parent == null ? Path.of("media") : parent.resolve("media");
  }

  /** The image cache folder ({@code media.dir}); by default {@code media} beside the database. */
  public AdminApiVerticle mediaDir(Path dir) {
    this.mediaDir = dir;
    return this;
  }

  Path mediaDir() {
    return mediaDir;
  }

  /** With a cluster: sessions and held requests are listed from every full node (issue 17). */
  public AdminApiVerticle scatter(AdminScatter across) {
    this.scatter = across;
    return this;
  }

  AdminScatter scatter() {
    return scatter;
  }

  @Override
  public String name() {
    return "admin-api";
  }

  @Override
  protected Future<?> begin() {
    context = vertx.getOrCreateContext();
    store = storeSupplier.get();
    Duration sendLimit = onebot.actionTimeout().plus(onebot.sendQueueTimeout());
    outbound = new OutboundMessages(new OneBotActions(vertx.eventBus(), onebot), store, tasks,
        sendLimit, STORE_LIMIT);
    return Future.succeededFuture();
  }

  /** The admin routes, for the service server (after {@code AdminAuth}). */
  public List<RouteMount> mounts() {
    return List.of(new SessionsApi(this, sessions), new RequestsApi(this, desk),
        new SendApi(this), new BackupApi(this, storeFile), new ConversationsApi(this),
        new HistoryApi(this, guard.registry()), new SummariesApi(this), new NoticesApi(this));
  }

  /**
   * Runs {@code work} as a task of this verticle, on its context, bounded by a deadline named
   * {@code kind}. The HTTP handler waits on the returned future from the server's context.
   */
  <T> Future<T> task(String kind, String detail, Duration limit, Supplier<Future<T>> work) {
    Context owner = context;
    if (owner == null) {
      return Future.failedFuture(new IllegalStateException("admin API not started"));
    }
    // Answer on the caller's context (the HTTP server's), so the response is written from there.
    return OwnerContext.call(owner, () -> tasks.run(kind, detail, limit, work));
  }

  Store store() {
    return store;
  }

  OutboundMessages outbound() {
    return outbound;
  }
}
