package dev.perocore.social.cluster;

import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.GuardedVerticle;
import dev.perocore.social.guard.OwnerContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.spi.cluster.ClusterManager;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The full nodes of the cluster, by node id and name ({@code cluster.node_name}), in the clustered
 * map {@value #MAP}: each full node enters itself at start and leaves at stop; a node that died
 * keeps its entry but is no longer a member, so {@link #live} leaves it out (and removes it).
 * Brain nodes are members that never enter: the admin API asks only the nodes listed here.
 */
public final class FullNodes extends GuardedVerticle {

  public static final String MAP = "social.full.nodes";
  /** Task kinds: entering, listing and leaving the map, each under its deadline. */
  public static final String KIND_ENTER = "cluster.full_nodes.enter";
  public static final String KIND_LIST = "cluster.full_nodes.list";

  private final ClusterManager manager;
  private final String nodeName;
  private final Duration limit;
  private volatile AsyncMap<String, String> nodes;
  private Context context;

  public FullNodes(Guard guard, Duration drainTimeout, ClusterManager manager, String nodeName,
      Duration limit) {
    super(guard, drainTimeout);
    this.manager = manager;
    this.nodeName = nodeName;
    this.limit = limit;
  }

  @Override
  public String name() {
    return "full-nodes";
  }

  @Override
  protected Future<?> begin() {
    context = vertx.getOrCreateContext();
    return vertx.sharedData().<String, String>getAsyncMap(MAP)
        .compose(map -> {
          nodes = map;
          return tasks.run(KIND_ENTER, nodeName, limit, () -> map.put(manager.getNodeId(),
              nodeName));
        });
  }

  @Override
  protected Future<?> stopIntake() {
    AsyncMap<String, String> map = nodes;
    return map == null ? Future.succeededFuture()
        : tasks.run(KIND_ENTER, nodeName + " (leaving)", limit,
            () -> map.removeIfPresent(manager.getNodeId(), nodeName));
  }

  /** This node's cluster id. */
  public String nodeId() {
    return manager.getNodeId();
  }

  /**
   * The live full nodes, node id to name, ordered by id; entries of nodes that left are removed
   * on the way. Answers on the caller's context.
   */
  public Future<Map<String, String>> live() {
    AsyncMap<String, String> map = nodes;
    if (map == null) {
      return Future.failedFuture(new IllegalStateException("full nodes not started"));
    }
    return OwnerContext.call(context, () -> list(map));
  }

  private Future<Map<String, String>> list(AsyncMap<String, String> map) {
    return tasks.run(KIND_LIST, "", limit, map::entries).map(all -> {
      List<String> members = manager.getNodes();
      Map<String, String> live = new LinkedHashMap<>();
      new TreeMap<>(all).forEach((id, name) -> {
        if (members.contains(id)) {
          live.put(id, name);
        } else {
          // Gone without leaving (killed): nobody else will remove its entry.
          tasks.launch(KIND_ENTER, name + " (departed)", () -> map.removeIfPresent(id, name));
        }
      });
      return live;
    });
  }
}
