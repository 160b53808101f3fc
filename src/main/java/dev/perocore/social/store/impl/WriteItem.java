package dev.perocore.social.store.impl;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.store.AppendResult;
import dev.perocore.social.store.MessageRef;
import dev.perocore.social.store.MessageRow;
import dev.perocore.social.store.NoticeRow;
import dev.perocore.social.store.RequestRow;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.function.Function;

/**
 * What the {@link Writer}'s queue holds: a row for the next group commit, or an operation that
 * runs alone. Each item carries the promise of the caller's future, so the writer completes it
 * with a value of the right type and never casts.
 */
sealed interface WriteItem permits WriteItem.RowWrite, WriteItem.Operation {

  /** The caller's future. */
  Promise<?> promise();

  /** Fails the caller's future; false if it was already complete. */
  default boolean fail(Throwable cause) {
    return promise().tryFail(cause);
  }

  /** A row for a group commit; {@link RowWriter} writes a batch of them in one transaction. */
  sealed interface RowWrite extends WriteItem permits Append, Upsert, ConsumeWrite {

    /** Completes the caller's future once the batch committed. */
    void committed(AppendResult result);
  }

  /** An append, whose caller learns whether it was stored or a duplicate. */
  sealed interface Append extends RowWrite permits MessageWrite, NoticeWrite, RequestWrite {
    @Override
    Promise<AppendResult> promise();

    @Override
    default void committed(AppendResult result) {
      promise().tryComplete(result);
    }
  }

  /** An upsert of a user or group name, whose result is only "done". */
  sealed interface Upsert extends RowWrite permits UserWrite, GroupWrite {
    @Override
    Promise<Void> promise();

    @Override
    default void committed(AppendResult result) {
      promise().tryComplete();
    }
  }

  record MessageWrite(MessageRow row, Promise<AppendResult> promise) implements Append {}

  record NoticeWrite(NoticeRow row, Promise<AppendResult> promise) implements Append {}

  record RequestWrite(RequestRow row, Promise<AppendResult> promise) implements Append {}

  record UserWrite(RowWriter.UserUpsert user, Promise<Void> promise) implements Upsert {}

  record GroupWrite(RowWriter.GroupUpsert group, Promise<Void> promise) implements Upsert {}

  /**
   * Received messages a reply or pass consumed: marked in the batch after its rows, so one whose
   * append shares (or precedes) the batch is marked too. Its result is only "done".
   */
  record ConsumeWrite(ChatKey session, List<MessageRef> messages, long atMillis,
      Promise<Void> promise) implements RowWrite {
    public ConsumeWrite {
      messages = List.copyOf(messages);
    }

    @Override
    public void committed(AppendResult result) {
      promise.tryComplete();
    }
  }

  /**
   * An operation that runs alone on the writer pool's connection: a claim, a summary, a
   * resolution, a housekeeping step (in a transaction), or a checkpoint (not in one).
   */
  record Operation<T>(String kind, boolean transactional,
      Function<SqlConnection, Future<T>> body, Promise<T> promise) implements WriteItem {

    /** Runs the body, inside BEGIN IMMEDIATE .. COMMIT if transactional. */
    Future<T> run(SqlConnection conn) {
      return transactional ? Transactions.immediate(conn, body) : body.apply(conn);
    }

    void succeeded(T result) {
      promise.tryComplete(result);
    }
  }
}
