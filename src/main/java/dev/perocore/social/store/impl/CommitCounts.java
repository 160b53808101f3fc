package dev.perocore.social.store.impl;

import dev.perocore.social.store.AppendResult;
import dev.perocore.social.store.MessageOrigin;
import dev.perocore.social.store.impl.WriteItem.MessageWrite;
import dev.perocore.social.store.impl.WriteItem.NoticeWrite;
import dev.perocore.social.store.impl.WriteItem.RowWrite;
import io.micrometer.core.instrument.Counter;
import java.util.List;

/**
 * What a committed batch's results add to the store's counters: rows stored, by kind, and
 * duplicates turned away. Counted only once the {@link Writer}'s COMMIT returned: until then,
 * nothing of the batch was stored. One increment per counter per batch, not per row, so the
 * group commit pays for its meters once.
 */
final class CommitCounts {

  private CommitCounts() {}

  /** {@code values} are the batch's results, in batch order. */
  static void count(StoreMetrics metrics, List<RowWrite> batch, List<AppendResult> values) {
    int duplicates = 0;
    int redelivered = 0;
    int messages = 0;
    int notices = 0;
    int requests = 0;
    for (int i = 0; i < batch.size(); i++) {
      RowWrite item = batch.get(i);
      if (values.get(i) == AppendResult.DUPLICATE) {
        // A redelivery is counted; a history page overlapping what the socket already delivered
        // is the backfill working as meant, not a duplicate anyone sent.
        if (!(item instanceof MessageWrite m && m.row().origin() == MessageOrigin.BACKFILL)) {
          duplicates++;
          // NapCat's echo of a send of ours (message_sent) is not an event delivered again.
          if (!(item instanceof MessageWrite m && MessageIdentity.own(m.row()))) {
            redelivered++;
          }
        }
      } else if (values.get(i) == AppendResult.STORED) {
        if (item instanceof MessageWrite) {
          messages++;
        } else if (item instanceof NoticeWrite) {
          notices++;
        } else {
          requests++;
        }
      }
    }
    countIf(metrics.duplicates, duplicates);
    countIf(metrics.onebotDuplicates, redelivered);
    countIf(metrics.rows("message"), messages);
    countIf(metrics.rows("notice"), notices);
    countIf(metrics.rows("request"), requests);
  }

  private static void countIf(Counter counter, int n) {
    if (n > 0) {
      counter.increment(n);
    }
  }
}
