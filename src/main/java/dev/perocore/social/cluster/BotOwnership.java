package dev.perocore.social.cluster;

import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.GuardedVerticle;
import dev.perocore.social.guard.OwnerContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.spi.cluster.ClusterManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which full node serves a bot, cluster-wide (issue 17): an entry per {@code self_id} in the
 * clustered map {@value #MAP}, {@code {"node_id": ..., "node": name}}. A claim succeeds when the
 * entry is absent, ours, or names a node that is no longer a member (it stopped, or Hazelcast saw
 * it die): then it is taken over with a compare-and-set, so two nodes never both win.
 *
 * <p>Why a map entry and not a Vert.x lock: vertx-hazelcast 5's locks are Hazelcast IMap key locks
 * (released when their member leaves), but a lock cannot name its holder, which the refusal must
 * say, and a refused acquire would wait its timeout on a worker thread. Liveness is read from the
 * cluster manager's membership at claim time, so no listener is needed and entries of departed
 * nodes are simply overwritten.
 *
 * <p>A claim is kept while this node lives, through reconnects; it is released when this node
 * stops, when the gateway forgets the bot ({@code onebot.forget_bot_after} of absence) and when an
 * admission ends unserved (its socket closed first, or its claim passed the deadline).
 *
 * <p>Claims and releases of one {@code self_id} run one after another, each once the map answered
 * the one before (not at its deadline: a write that lands late still lands before the next one):
 * a release that ran alongside a reconnect's claim could otherwise delete the entry the claim had
 * just confirmed, leaving the bot served with no entry for a second node to find.
 */
public final class BotOwnership extends GuardedVerticle {

  /** The clustered map of owners. */
  public static final String MAP = "social.bot.owners";
  /** Task kinds, each under {@code cluster.admin_timeout}'s sibling deadline {@link #limit}. */
  public static final String KIND_CLAIM = "cluster.owner.claim";
  public static final String KIND_RELEASE = "cluster.owner.release";

  private static final Logger LOG = LoggerFactory.getLogger(BotOwnership.class);
  /** Compare-and-set rounds before a claim gives up (another node keeps changing the entry). */
  private static final int ATTEMPTS = 3;

  private final ClusterManager manager;
  private final String nodeName;
  private final Duration limit;
  private final Set<Long> claimed = ConcurrentHashMap.newKeySet();
  /** The last map operation asked for each bot; only touched on {@link #context}. */
  private final Map<Long, Future<?>> turns = new HashMap<>();
  private Context context;
  private AsyncMap<String, String> owners;
  private String mine;

  /**
   * @param limit the deadline of one claim or release (the map is a network away)
   */
  public BotOwnership(Guard guard, Duration drainTimeout, ClusterManager manager, String nodeName,
      Duration limit) {
    super(guard, drainTimeout);
    this.manager = manager;
    this.nodeName = nodeName;
    this.limit = limit;
  }

  @Override
  public String name() {
    return "bot-owners";
  }

  @Override
  protected Future<?> begin() {
    context = vertx.getOrCreateContext();
    mine = entry(manager.getNodeId(), nodeName);
    return vertx.sharedData().<String, String>getAsyncMap(MAP).onSuccess(map -> owners = map);
  }

  /**
   * Claims {@code selfId} for this node: empty when this node may serve it, else the name of the
   * live node that does. Answers on the caller's context; fails at the named deadline {@value
   * #KIND_CLAIM}.
   */
  public Future<Optional<String>> claim(long selfId) {
    return onOwner(() -> tasks.run(KIND_CLAIM, "bot " + selfId, limit,
        () -> inTurn(selfId, () -> attempt(selfId, ATTEMPTS))));
  }

  /**
   * Gives up this node's claim on {@code selfId} once every claim and release asked before it has
   * landed, if {@code unserved} still says so then (asked on this verticle's context, at that
   * turn: a reconnect admitted meanwhile keeps the claim). True if an entry of ours was removed.
   */
  public Future<Boolean> release(long selfId, BooleanSupplier unserved) {
    return onOwner(() -> tasks.run(KIND_RELEASE, "bot " + selfId, limit,
        () -> inTurn(selfId, () -> unserved.getAsBoolean() ? remove(selfId)
            : Future.succeededFuture(false))));
  }

  /** The bots this node holds now. */
  public Set<Long> claimed() {
    return Set.copyOf(claimed);
  }

  @Override
  protected Future<?> stopIntake() {
    // Runs after the gateway closed its connections (deployed before it, stopped after it):
    // another node may take the bots at once instead of waiting for this member to leave.
    List<Future<Void>> released = new ArrayList<>();
    for (long selfId : claimed()) {
      released.add(tasks.run(KIND_RELEASE, "bot " + selfId, limit,
          () -> inTurn(selfId, () -> remove(selfId)).<Void>mapEmpty()));
    }
    return Future.join(released).onComplete(all -> LOG.info(
        "cluster: released {} bot claim(s) of node {}", released.size(), nodeName));
  }

  private Future<Boolean> remove(long selfId) {
    return owners.removeIfPresent(key(selfId), mine).onSuccess(removed -> claimed.remove(selfId));
  }

  /**
   * Runs {@code work} on this context once the last operation asked for {@code selfId} has ended,
   * whatever its outcome; the queue of a bot is forgotten once it runs empty.
   */
  private <T> Future<T> inTurn(long selfId, Supplier<Future<T>> work) {
    Future<?> before = turns.getOrDefault(selfId, Future.succeededFuture());
    Future<T> turn = before.transform(ended -> work.get());
    turns.put(selfId, turn);
    return turn.andThen(ended -> turns.remove(selfId, turn));
  }

  private Future<Optional<String>> attempt(long selfId, int left) {
    String key = key(selfId);
    return owners.putIfAbsent(key, mine).compose(previous -> {
      if (previous == null || previous.equals(mine)) {
        claimed.add(selfId);
        return Future.succeededFuture(Optional.empty());
      }
      JsonObject owner = parse(previous);
      String ownerId = owner.getString("node_id", "");
      String ownerName = owner.getString("node", ownerId);
      if (manager.getNodes().contains(ownerId)) {
        return Future.succeededFuture(Optional.of(ownerName));
      }
      return owners.replaceIfPresent(key, previous, mine).compose(replaced -> {
        if (replaced) {
          claimed.add(selfId);
          LOG.info("bot {}: taken over from node {}, which left the cluster", selfId, ownerName);
          return Future.succeededFuture(Optional.<String>empty());
        }
        if (left <= 1) {
          return Future.failedFuture(new IllegalStateException("the owner entry of bot " + selfId
              + " kept changing under " + ATTEMPTS + " claims"));
        }
        return attempt(selfId, left - 1);
      });
    });
  }

  private <T> Future<T> onOwner(Supplier<Future<T>> work) {
    Context owner = context;
    if (owner == null) {
      return Future.failedFuture(new IllegalStateException("bot ownership not started"));
    }
    return OwnerContext.call(owner, work);
  }

  private static String key(long selfId) {
    return Long.toString(selfId);
  }

  /** The stored value: JSON text, so a compare-and-set compares the same bytes on every node. */
  static String entry(String nodeId, String name) {
    return new JsonObject().put("node_id", nodeId).put("node", name).encode();
  }

  private static JsonObject parse(String value) {
    try {
      return new JsonObject(value);
    } catch (RuntimeException e) {
      return new JsonObject(); // not ours: an empty owner id is never a member, so taken over
    }
  }
}
