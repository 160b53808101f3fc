package dev.perocore.social.session.admin;

import dev.perocore.social.ops.AdminAuth;
import dev.perocore.social.ops.JsonReplies;
import dev.perocore.social.ops.RouteMount;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileSystem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * {@code POST /api/v1/backup} with {@code {"path"?: "..."}}: a consistent copy of the database
 * (SQLite VACUUM INTO, on the store's writer) to {@code path}, or by default to {@code
 * backups/social-<UTC timestamp>.db} beside the database. Answers the path and its size; 409 if
 * the file exists (VACUUM INTO never overwrites).
 */
final class BackupApi implements RouteMount {

  static final String BACKUP = "admin.backup";
  private static final Duration BACKUP_LIMIT = Duration.ofMinutes(10);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

  private final AdminApiVerticle owner;
  private final Path storeFile;

  BackupApi(AdminApiVerticle owner, Path storeFile) {
    this.owner = owner;
    this.storeFile = storeFile;
  }

  @Override
  public void mount(Vertx vertx, Router router) {
    router.post(AdminAuth.PREFIX + "/backup")
        .handler(BodyHandler.create(false).setBodyLimit(AdminHttp.BODY_LIMIT))
        .handler(ctx -> backup(vertx.fileSystem(), ctx));
  }

  private void backup(FileSystem fs, RoutingContext ctx) {
    Path target;
    try {
      JsonObject body = AdminHttp.body(ctx);
      target = AdminHttp.optionalText(body, "path")
          .map(p -> {
            if (p.isBlank() || p.indexOf('\0') >= 0) {
              throw new AdminHttp.BadField("path", "must be a file name");
            }
            return Path.of(p);
          })
          .orElseGet(this::defaultTarget)
          .toAbsolutePath().normalize();
    } catch (java.nio.file.InvalidPathException e) {
      AdminHttp.fail(ctx, new AdminHttp.BadField("path", e.getMessage()));
      return;
    } catch (RuntimeException e) {
      AdminHttp.fail(ctx, e);
      return;
    }
    String file = target.toString();
    owner.task(BACKUP, file, BACKUP_LIMIT, () -> fs.exists(file).compose(exists -> {
      if (exists) {
        return Future.succeededFuture(-1L);
      }
      Path folder = target.getParent();
      Future<Void> ready = folder == null ? Future.succeededFuture() : fs.mkdirs(folder.toString());
      return ready.compose(v -> owner.store().backup(target))
          .compose(v -> fs.props(file))
          .map(props -> props.size());
    }))
        .onSuccess(bytes -> {
          if (bytes < 0) {
            JsonReplies.send(ctx, 409, new JsonObject().put("error", file + " exists: VACUUM INTO"
                + " never overwrites; choose another path").put("field", "path"));
          } else {
            JsonReplies.send(ctx, 200, new JsonObject().put("path", file).put("bytes", bytes));
          }
        })
        .onFailure(cause -> AdminHttp.fail(ctx, cause));
  }

  private Path defaultTarget() {
    Path folder = storeFile.toAbsolutePath().getParent();
    String name = "social-" + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + ".db";
    return folder == null ? Path.of("backups", name) : folder.resolve("backups").resolve(name);
  }
}
