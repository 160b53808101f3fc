package dev.perocore.social.store.impl;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.store.AppendResult;
import dev.perocore.social.store.HistoryDeletion;
import dev.perocore.social.store.MediaLink;
import dev.perocore.social.store.MessageRef;
import dev.perocore.social.store.MessageRow;
import dev.perocore.social.store.NoticeRow;
import dev.perocore.social.store.RequestResolution;
import dev.perocore.social.store.RequestRow;
import dev.perocore.social.store.StoreConfig;
import dev.perocore.social.store.impl.WriteItem.ConsumeWrite;
import dev.perocore.social.store.impl.WriteItem.GroupWrite;
import dev.perocore.social.store.impl.WriteItem.MessageWrite;
import dev.perocore.social.store.impl.WriteItem.NoticeWrite;
import dev.perocore.social.store.impl.WriteItem.RequestWrite;
import dev.perocore.social.store.impl.WriteItem.UserWrite;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The store's writes, as the {@link Writer} queues them: appends, name upserts and consume marks
 * as rows for the next group commit; a request's resolution, media links and deleting a user's
 * history as operations that run alone, each waited for at most store.write_timeout. The write
 * half of the {@link dev.perocore.social.store.Store}, as {@link Reads} is the read half (claims
 * and summaries are {@link Claims}').
 */
final class Writes {

  private final Writer writer;
  private final StoreConfig config;

  Writes(Writer writer, StoreConfig config) {
    this.writer = writer;
    this.config = config;
  }

  Future<AppendResult> append(MessageRow row) {
    // raw_retention 0 means never kept, not "kept until the next housekeeping pass".
    MessageRow stored = config.rawRetention().isZero() ? row.withoutRaw() : row;
    return writer.submit(promise -> new MessageWrite(stored, promise));
  }

  Future<AppendResult> append(NoticeRow row) {
    return writer.submit(promise -> new NoticeWrite(row, promise));
  }

  Future<AppendResult> append(RequestRow row) {
    return writer.submit(promise -> new RequestWrite(row, promise));
  }

  Future<Boolean> resolveRequest(long selfId, String requestType, String flag,
      RequestResolution resolution, String note, Instant at) {
    Tuple args = Tuple.from(Arrays.asList(resolution.column(), at.toEpochMilli(), note, selfId,
        requestType, flag));
    return writer.submitTimed("store.request.resolve", flag,
        conn -> conn.preparedQuery(Sql.RESOLVE_REQUEST).execute(args).map(rs -> rs.rowCount() > 0));
  }

  Future<Void> upsertUser(long userId, String nickname, Instant seenAt) {
    RowWriter.UserUpsert user = new RowWriter.UserUpsert(userId, nickname, seenAt.toEpochMilli());
    return writer.submit(promise -> new UserWrite(user, promise));
  }

  Future<Void> upsertGroup(long groupId, String name, Instant seenAt) {
    RowWriter.GroupUpsert group = new RowWriter.GroupUpsert(groupId, name, seenAt.toEpochMilli());
    return writer.submit(promise -> new GroupWrite(group, promise));
  }

  Future<Void> linkMedia(ChatKey session, List<MediaLink> links) {
    if (links.isEmpty()) {
      return Future.succeededFuture();
    }
    long at = System.currentTimeMillis();
    List<Tuple> rows = new ArrayList<>();
    for (MediaLink link : links) {
      rows.add(Tuple.of(session.selfId(), session.type().label(), session.peerId(),
          link.messageId(), link.senderId(), link.seq(), link.sha256(), link.mime(), link.size(),
          at));
    }
    return writer.submitTimed("store.media.link", session.toString(),
        conn -> conn.preparedQuery(Sql.INSERT_MEDIA).executeBatch(rows).<Void>mapEmpty());
  }

  Future<HistoryDeletion> deleteUserHistory(long userId) {
    return writer.submitTimed("store.history.delete", "user " + userId,
        conn -> UserHistory.delete(conn, userId));
  }

  Future<Void> consume(ChatKey session, List<MessageRef> messages) {
    if (messages.isEmpty()) {
      return Future.succeededFuture();
    }
    long at = System.currentTimeMillis();
    return writer.submit(promise -> new ConsumeWrite(session, messages, at, promise));
  }
}
