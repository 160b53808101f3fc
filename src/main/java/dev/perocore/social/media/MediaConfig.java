package dev.perocore.social.media;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code media:} section: received images fetched on arrival and cached by content.
 *
 * @param enabled {@code media.enabled}: whether image segments are downloaded at all
 * @param dir {@code media.dir}: the cache folder (empty in the file: {@code media} next to the
 *     database)
 * @param maxBytes {@code media.max_bytes}: a bigger image is refused, without reading it all
 * @param downloadTimeout {@code media.download_timeout}: one download's deadline, redirects
 *     included (the named timeout {@code media.download})
 * @param cacheMaxBytes {@code media.cache_max_bytes}: the cache's size; the oldest files go first
 * @param expireAfter {@code media.expire_after}: a cached file older than this is deleted
 * @param imagesPerFlush how many of a flush's newest images are read for the model: {@code
 *     brain.llm.max_images} when {@code brain.llm.vision} is on, else 0 (nothing is read)
 */
public record MediaConfig(boolean enabled, Path dir, long maxBytes, Duration downloadTimeout,
    long cacheMaxBytes, Duration expireAfter, int imagesPerFlush) {

  /** The named timeout of one download ({@code social_timeouts_total{op="media.download"}}). */
  public static final String TIMEOUT_OP = "media.download";

  public MediaConfig {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(downloadTimeout, "downloadTimeout");
    Objects.requireNonNull(expireAfter, "expireAfter");
  }

  /** Nothing downloaded, nothing shown (tests and tools that build a config by hand). */
  public static MediaConfig disabled() {
    return new MediaConfig(false, Path.of("data", "media"), 5L << 20, Duration.ofSeconds(10),
        256L << 20, Duration.ofDays(7), 0);
  }
}
