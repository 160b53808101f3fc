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
 * lag probe's timer behind them); grouped, it is one task per shard and {@value #PER_TASK} rows,
 * each completing its rows in commit order. The cap keeps a task short with batches of a thousand
 * rows ({@code store.batch_max}): a timer due meanwhile waits for one slice, not the whole batch.
 */
final class CommitDelivery {

  static final int PER_TASK = 256;

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
    elsewhere.forEach((caller, completions) -> {
      for (int from = 0; from < completions.size(); from += PER_TASK) {
        List<Runnable> slice = completions.subList(from,
            Math.min(completions.size(), from + PER_TASK));
        caller.runOnContext(v -> slice.forEach(Runnable::run));
      }
    });
  }
}
