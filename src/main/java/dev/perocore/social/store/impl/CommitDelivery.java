package dev.perocore.social.store.impl;

import dev.perocore.social.guard.VertxInternals;
import dev.perocore.social.store.AppendResult;
import dev.perocore.social.store.impl.WriteItem.RowWrite;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells a committed batch's callers, one task per caller context rather than one per row: a
 * promise completed from the store's loop hops to its caller's loop on its own, so a batch of 256
 * rows from four session shards was 256 tasks queued behind each other on those loops (and the
 * lag probe's timer behind them); grouped, it is at most one task per shard, each completing its
 * rows in commit order.
 */
final class CommitDelivery {

  private CommitDelivery() {}

  static void deliver(List<RowWrite> batch, List<AppendResult> values) {
    Context here = Vertx.currentContext();
    Map<Context, List<Runnable>> elsewhere = new IdentityHashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      RowWrite item = batch.get(i);
      AppendResult value = values.get(i);
      Context caller = VertxInternals.contextOf(item.promise());
      if (caller == null || caller == here) {
        item.committed(value);
      } else {
        elsewhere.computeIfAbsent(caller, c -> new ArrayList<>())
            .add(() -> item.committed(value));
      }
    }
    elsewhere.forEach((caller, completions) ->
        caller.runOnContext(v -> completions.forEach(Runnable::run)));
  }
}
