package dev.perocore.social.media;

import dev.perocore.social.guard.OperationTimeoutException;
import dev.perocore.social.guard.RateLimitedLog;
import dev.perocore.social.guard.Timeouts;
import dev.perocore.social.media.impl.FetchRefused;
import dev.perocore.social.media.impl.HttpFetch;
import dev.perocore.social.media.impl.MediaFiles;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Received images, fetched once and kept by content ({@code media.*}). One per session verticle,
 * on its context. {@link #fetch} never fails: every ending is one of {@link DownloadOutcome},
 * counted in {@code social_media_downloads_total{outcome}}, and a failed download costs the image
 * only. URLs never reach the log: QQ's carry a signed {@code rkey}.
 */
public final class MediaCache {

  private static final RateLimitedLog LOG =
      new RateLimitedLog(LoggerFactory.getLogger(MediaCache.class), Duration.ofMinutes(1));

  private final Vertx vertx;
  private final Timeouts timeouts;
  private final MediaConfig config;
  private final long timeoutMs;
  /** Made by the first download, on the owner's context; null until then. */
  private HttpClient client;
  private HttpFetch http;
  private final MediaFiles files;
  private final Map<DownloadOutcome, Counter> outcomes = new EnumMap<>(DownloadOutcome.class);
  /** Bytes this instance wrote since its last sweep: a sweep follows every tenth of the cap. */
  private long writtenSinceSweep;

  /**
   * Call on the owner's context: the HTTP client, made by the first download, belongs to it. Not
   * made here: creating one takes an event loop from Vert.x's round robin, so each session shard
   * building its cache at start moved the next shard one loop further, and four shards landed on
   * two of four loops (the other two served only sockets).
   */
  public MediaCache(Vertx vertx, Timeouts timeouts, MeterRegistry registry, MediaConfig config) {
    this.vertx = vertx;
    this.timeouts = timeouts;
    this.config = config;
    this.timeoutMs = Math.max(1, config.downloadTimeout().toMillis());
    this.files = new MediaFiles(vertx, config.dir());
    timeouts.declare(MediaConfig.TIMEOUT_OP);
    for (DownloadOutcome outcome : DownloadOutcome.values()) {
      outcomes.put(outcome, Counter.builder("social.media.downloads")
          .description("Image downloads by outcome (ok, cached, too_large, timeout, http_error,"
              + " refused, not_image, failed)")
          .tag("outcome", outcome.label()).register(registry));
    }
  }

  public MediaConfig config() {
    return config;
  }

  /** The image at {@code url}, cached; empty (and counted) when it could not be had. */
  public Future<Optional<CachedImage>> fetch(String url) {
    return timeouts.within(MediaConfig.TIMEOUT_OP, config.downloadTimeout(), () -> http().get(url))
        .compose(this::keep)
        .map(Optional::of)
        .recover(cause -> {
          DownloadOutcome outcome = outcomeOf(cause);
          outcomes.get(outcome).increment();
          LOG.info("media-" + outcome.label(), "media: an image was not downloaded ({}): {}",
              outcome.label(), cause instanceof FetchRefused ? cause.getMessage()
                  : cause.getClass().getSimpleName());
          return Future.succeededFuture(Optional.empty());
        });
  }

  /** A {@code data:} URL of a cached image, for a model's {@code image_url} part. */
  public Future<String> dataUrl(String sha256, String mime) {
    return files.read(sha256).compose(bytes -> vertx.executeBlocking(() ->
        "data:" + mime + ";base64," + Base64.getEncoder().encodeToString(bytes.getBytes()),
        false));
  }

  /** Deletes cached files by hash (a user's history deleted); a missing one is not an error. */
  public Future<Integer> delete(List<String> hashes) {
    return files.delete(hashes);
  }

  /**
   * Deletes cached files by hash from {@code dir} without a cache instance (the admin API's
   * history deletion); a missing one is not an error.
   */
  public static Future<Integer> deleteFiles(Vertx vertx, java.nio.file.Path dir,
      List<String> hashes) {
    return new MediaFiles(vertx, dir).delete(hashes);
  }

  /** Expired files, then the oldest beyond {@code media.cache_max_bytes}; how many went. */
  public Future<Integer> sweep() {
    writtenSinceSweep = 0;
    return files.sweep(config.expireAfter(), config.cacheMaxBytes(), System.currentTimeMillis());
  }

  public Future<Void> close() {
    return client == null ? Future.succeededFuture() : client.close();
  }

  private HttpFetch http() {
    if (http == null) {
      client = vertx.createHttpClient(new HttpClientOptions()
              .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs)),
          new PoolOptions().setHttp1MaxSize(8));
      http = new HttpFetch(client, config.maxBytes(), timeoutMs);
    }
    return http;
  }

  private Future<CachedImage> keep(Buffer bytes) {
    Optional<String> mime = ImageMime.sniff(bytes);
    if (mime.isEmpty()) {
      return Future.failedFuture(new FetchRefused(DownloadOutcome.NOT_IMAGE,
          "not a PNG, JPEG, GIF, WebP or BMP"));
    }
    // Hashing 5 MiB takes milliseconds: a worker's, not the event loop's.
    return vertx.executeBlocking(() -> sha256(bytes), false)
        .compose(hash -> files.write(hash, bytes).map(fresh -> {
          outcomes.get(fresh ? DownloadOutcome.OK : DownloadOutcome.CACHED).increment();
          if (fresh) {
            wrote(bytes.length());
          }
          return new CachedImage(hash, mime.get(), bytes.length());
        }));
  }

  private void wrote(long bytes) {
    writtenSinceSweep += bytes;
    if (writtenSinceSweep > config.cacheMaxBytes() / 10) {
      sweep().onFailure(cause -> LOG.warn("media-sweep", "media: the cache sweep failed: {}",
          String.valueOf(cause)));
    }
  }

  private static DownloadOutcome outcomeOf(Throwable cause) {
    if (cause instanceof FetchRefused refused) {
      return refused.outcome();
    }
    if (cause instanceof OperationTimeoutException
        || cause instanceof io.netty.handler.timeout.TimeoutException
        || cause instanceof java.util.concurrent.TimeoutException) {
      return DownloadOutcome.TIMEOUT;
    }
    return DownloadOutcome.FAILED;
  }

  private static String sha256(Buffer bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.getBytes()));
  }
}
