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
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/backup} with {@code {"name"?: "..."}}: a consistent copy of the database
 * (SQLite VACUUM INTO, on the store's writer) into the {@code backups} folder beside the database,
 * as {@code name} (a plain file name) or by default {@code social-<UTC timestamp>.db}. Only that
 * folder: a caller with the admin token must not be able to write a database copy (every private
 * chat) anywhere the process can write. The folder is 0700 and each copy 0600 (owner only).
 * Answers the path and its size; 409 if the file exists (VACUUM INTO never overwrites).
 */
final class BackupApi implements RouteMount {

  static final String BACKUP = "admin.backup";
  private static final Duration BACKUP_LIMIT = Duration.ofMinutes(10);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
  private static final String OWNER_FOLDER = "rwx------";
  private static final String OWNER_FILE = "rw-------";
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

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
      if (body.containsKey("path")) {
        throw new AdminHttp.BadField("path", "is not accepted: backups are written only into "
            + backups() + "; give a file name as \"name\"");
      }
      target = backups().resolve(AdminHttp.optionalText(body, "name")
          .map(BackupApi::checkedName)
          .orElseGet(BackupApi::defaultName));
    } catch (RuntimeException e) {
      AdminHttp.fail(ctx, e);
      return;
    }
    String file = target.toString();
    owner.task(BACKUP, file, BACKUP_LIMIT, () -> fs.exists(file).compose(exists -> {
      if (exists) {
        return Future.succeededFuture(-1L);
      }
      return ownerOnlyFolder(fs, backups().toString())
          .compose(v -> owner.store().backup(target))
          .compose(v -> ownerOnly(fs, file, OWNER_FILE))
          .compose(v -> fs.props(file))
          .map(props -> props.size());
    }))
        .onSuccess(bytes -> {
          if (bytes < 0) {
            JsonReplies.send(ctx, 409, new JsonObject().put("error", file + " exists: VACUUM INTO"
                + " never overwrites; choose another name").put("field", "name"));
          } else {
            JsonReplies.send(ctx, 200, new JsonObject().put("path", file).put("bytes", bytes));
          }
        })
        .onFailure(cause -> AdminHttp.fail(ctx, cause));
  }

  private Path backups() {
    Path folder = storeFile.toAbsolutePath().normalize().getParent();
    return folder == null ? Path.of("backups").toAbsolutePath() : folder.resolve("backups");
  }

  /** A plain file name: no folder, no way out of the backups folder. */
  private static String checkedName(String name) {
    if (!NAME.matcher(name).matches() || name.startsWith(".")) {
      throw new AdminHttp.BadField("name", "must be a plain file name (letters, digits, . _ -;"
          + " at most 100; no folders)");
    }
    return name;
  }

  private static String defaultName() {
    return "social-" + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + ".db";
  }

  private static Future<Void> ownerOnlyFolder(FileSystem fs, String folder) {
    return fs.exists(folder).compose(exists -> exists
        ? ownerOnly(fs, folder, OWNER_FOLDER)
        : fs.mkdirs(folder).compose(v -> ownerOnly(fs, folder, OWNER_FOLDER)));
  }

  /** POSIX permissions where the file system has them (a Windows dev machine has not). */
  private static Future<Void> ownerOnly(FileSystem fs, String file, String perms) {
    return POSIX ? fs.chmod(file, perms) : Future.succeededFuture();
  }
}
