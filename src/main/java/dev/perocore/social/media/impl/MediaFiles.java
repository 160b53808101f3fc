package dev.perocore.social.media.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.FileProps;
import io.vertx.core.file.FileSystem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The cache folder: one file per content hash, named by it. Only Vert.x's FileSystem touches it
 * (its work runs on worker threads, never the event loop). A file is written under a temporary
 * name and moved into place, so a reader never sees half an image and two shards writing the same
 * bytes at once both end with one whole file.
 */
public final class MediaFiles {

  /** A cache file's name: a sha256 in hex. Nothing else in the folder is ours to delete. */
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  private static final String PARTIAL = ".partial-";

  private final FileSystem fs;
  private final Path dir;

  public MediaFiles(Vertx vertx, Path dir) {
    this.fs = vertx.fileSystem();
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** Whether the bytes were new (false: the same hash was cached already). */
  public Future<Boolean> write(String sha256, Buffer bytes) {
    String target = path(sha256);
    return fs.exists(target).compose(exists -> {
      if (exists) {
        return Future.succeededFuture(false);
      }
      // Not UUID.randomUUID(): SecureRandom may read /dev/urandom, a blocking read on the loop.
      String partial = dir.resolve(sha256 + PARTIAL
          + Long.toHexString(ThreadLocalRandom.current().nextLong())).toString();
      return fs.mkdirs(dir.toString())
          .compose(v -> fs.writeFile(partial, bytes))
          .compose(v -> fs.move(partial, target, new CopyOptions().setReplaceExisting(true)))
          .map(true);
    });
  }

  public Future<Buffer> read(String sha256) {
    return fs.readFile(path(sha256));
  }

  /** Deletes the files of these hashes; one already gone is not an error. */
  public Future<Integer> delete(List<String> hashes) {
    Future<Integer> deleted = Future.succeededFuture(0);
    for (String hash : hashes) {
      if (!HASH.matcher(hash).matches()) {
        continue;
      }
      deleted = deleted.compose(n -> fs.delete(path(hash)).map(v -> n + 1).otherwise(n));
    }
    return deleted;
  }

  /**
   * Deletes files older than {@code expireAfter}, then the oldest until the rest fit in {@code
   * maxBytes}; leftover partial files older than {@code expireAfter} go too.
   *
   * @return how many files were deleted
   */
  public Future<Integer> sweep(Duration expireAfter, long maxBytes, long nowMillis) {
    return fs.exists(dir.toString()).compose(exists -> !exists ? Future.succeededFuture(0)
        : fs.readDir(dir.toString()).compose(this::props).compose(files -> {
          files.sort(Comparator.comparingLong(f -> f.props().lastModifiedTime()));
          long total = files.stream().mapToLong(f -> f.props().size()).sum();
          List<String> doomed = new ArrayList<>();
          for (Entry f : files) {
            boolean expired = nowMillis - f.props().lastModifiedTime() > expireAfter.toMillis();
            if (expired || total > maxBytes) {
              doomed.add(f.path());
              total -= f.props().size();
            }
          }
          Future<Integer> deleted = Future.succeededFuture(0);
          for (String path : doomed) {
            deleted = deleted.compose(n -> fs.delete(path).map(v -> n + 1).otherwise(n));
          }
          return deleted;
        }));
  }

  private Future<List<Entry>> props(List<String> paths) {
    List<Future<Entry>> all = new ArrayList<>();
    for (String path : paths) {
      String name = Path.of(path).getFileName().toString();
      boolean ours = HASH.matcher(name).matches()
          || (name.length() > 64 && HASH.matcher(name.substring(0, 64)).matches()
              && name.startsWith(PARTIAL, 64));
      if (ours) {
        // A file deleted meanwhile (another shard's sweep) is simply not listed.
        all.add(fs.props(path).map(p -> new Entry(path, p)).otherwise((Entry) null));
      }
    }
    return Future.join(all).map(done -> {
      List<Entry> files = new ArrayList<>();
      for (Future<Entry> f : all) {
        if (f.result() != null && f.result().props().isRegularFile()) {
          files.add(f.result());
        }
      }
      return files;
    });
  }

  private String path(String sha256) {
    return dir.resolve(sha256).toString();
  }

  private record Entry(String path, FileProps props) {}
}
