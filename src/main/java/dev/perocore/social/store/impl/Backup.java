package dev.perocore.social.store.impl;

import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.store.StoreClosedException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/** Online backups (admin API): a consistent copy of the database into a new file. */
final class Backup {

  private final Vertx vertx;
  private final Pool readers;
  private final TaskSet tasks;
  private final BooleanSupplier open;

  Backup(Vertx vertx, Pool readers, TaskSet tasks, BooleanSupplier open) {
    this.vertx = vertx;
    this.readers = readers;
    this.tasks = tasks;
    this.open = open;
  }

  /** Writes the database to {@code target}, which must not exist yet. */
  Future<Void> to(Path target) {
    if (!open.getAsBoolean()) {
      return Future.failedFuture(new StoreClosedException("store closed"));
    }
    Path absolute = target.toAbsolutePath().normalize();
    Future<Void> work = vertx.fileSystem().exists(absolute.toString())
        .compose(exists -> exists
            ? Future.failedFuture(new IllegalArgumentException(absolute + " already exists"))
            : vertx.fileSystem().mkdirs(String.valueOf(absolute.getParent())))
        // VACUUM INTO reads a consistent snapshot: a reader connection suffices, writes go on.
        .compose(v -> readers.query("VACUUM INTO " + SqliteErrors.literal(absolute.toString()))
            .execute())
        .mapEmpty();
    return tasks.track("store.backup", absolute.toString(), work);
  }
}
