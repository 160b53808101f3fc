package dev.perocore.social.store.impl;

import dev.perocore.social.store.impl.WriteItem.RowWrite;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of batches that failed, waiting to be committed apart, in order, ahead of the queue:
 * one bad row must not sink its neighbours. A row's own fault (a constraint or trigger, say) is
 * found by halving whichever part fails again, about 2 log2(n) commits for one bad row; any other
 * failure would fail every half alike, so its batch is split into single rows. Confined to the
 * writer's context.
 */
final class FailedBatchParts {

  private final ArrayDeque<List<RowWrite>> parts = new ArrayDeque<>();

  boolean isEmpty() {
    return parts.isEmpty();
  }

  /** The next part to commit alone. */
  List<RowWrite> next() {
    return parts.poll();
  }

  /**
   * Queues a failed batch of two rows or more in parts, ahead of any parts waiting.
   *
   * @return true if it was halved, false if split into single rows
   */
  boolean split(List<RowWrite> batch, Throwable cause) {
    boolean halve = SqliteErrors.isRowFault(cause);
    List<List<RowWrite>> split = new ArrayList<>();
    if (halve) {
      int half = batch.size() / 2;
      split.add(List.copyOf(batch.subList(0, half)));
      split.add(List.copyOf(batch.subList(half, batch.size())));
    } else {
      batch.forEach(row -> split.add(List.of(row)));
    }
    for (int i = split.size() - 1; i >= 0; i--) {
      parts.addFirst(split.get(i));
    }
    return halve;
  }

  /** Every row still waiting, in order; none waits afterwards. */
  List<RowWrite> drain() {
    List<RowWrite> all = new ArrayList<>();
    parts.forEach(all::addAll);
    parts.clear();
    return all;
  }
}
