package dev.perocore.social.onebot;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Who serves a bot when several full nodes share a cluster (issue 17): the gateway claims a bot
 * before it serves a connection for it and refuses the connection (1008, the owner's name in the
 * reason) while another live node holds it. Without a cluster there is none and the gateway makes
 * no call at all. Implemented over the cluster's shared data by the app's wiring.
 */
public interface BotOwners {

  /**
   * Claims {@code selfId} for this node: empty when this node may serve it, else the name of the
   * node that does. Answers on the caller's context, within a named deadline.
   */
  Future<Optional<String>> claim(long selfId);

  /**
   * Gives up this node's claim on a bot it does not serve (forgotten after {@code
   * onebot.forget_bot_after}, or an admission that ended unserved), after every claim and release
   * of that bot asked before it, and only if {@code unserved} still says so at that turn (a
   * reconnect may have been admitted meanwhile). True if a claim of this node was removed.
   */
  Future<Boolean> release(long selfId, BooleanSupplier unserved);
}
