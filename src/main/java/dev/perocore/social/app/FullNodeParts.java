package dev.perocore.social.app;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.cluster.BotOwnership;
import dev.perocore.social.cluster.FullNodes;
import dev.perocore.social.guard.Guard;
import dev.perocore.social.onebot.BotOwners;
import dev.perocore.social.ops.AdminScatter;
import io.vertx.core.Future;
import io.vertx.core.spi.cluster.ClusterManager;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What a full node adds on a cluster (issue 17): the bot ownership its gateway claims through,
 * the directory of full nodes and the admin API's scatter over them. The packages stay apart
 * ({@code cluster} sees only {@code guard}); this is where they meet.
 */
final class FullNodeParts {

  private final BotOwnership owners;
  private final FullNodes fullNodes;
  private final AdminScatter scatter;

  FullNodeParts(AppConfig config, Guard guard, ClusterManager manager) {
    Duration drain = config.drainTimeout();
    String name = config.cluster().nodeName();
    Duration limit = config.cluster().adminTimeout();
    KnownTasks.registerCluster(guard);
    this.owners = new BotOwnership(guard, drain, manager, name, limit);
    this.fullNodes = new FullNodes(guard, drain, manager, name, limit);
    this.scatter = new AdminScatter(guard, drain, new AdminScatter.Node(manager.getNodeId(), name),
        () -> fullNodes.live().map(live -> live.entrySet().stream()
            .map(e -> new AdminScatter.Node(e.getKey(), e.getValue())).toList()),
        limit);
  }

  BotOwnership owners() {
    return owners;
  }

  FullNodes fullNodes() {
    return fullNodes;
  }

  AdminScatter scatter() {
    return scatter;
  }

  /** The gateway's view of the ownership. */
  BotOwners claims() {
    return new BotOwners() {
      @Override
      public Future<Optional<String>> claim(long selfId) {
        return owners.claim(selfId);
      }

      @Override
      public Future<Boolean> release(long selfId, BooleanSupplier unserved) {
        return owners.release(selfId, unserved);
      }
    };
  }
}
