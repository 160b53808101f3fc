package dev.perocore.social.media;

import java.util.Objects;

/**
 * An image in the cache.
 *
 * @param sha256 the content hash, lower-case hex: also the file's name under {@code media.dir}
 * @param mime sniffed from the bytes ({@link ImageMime})
 * @param size in bytes
 */
public record CachedImage(String sha256, String mime, long size) {

  public CachedImage {
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(mime, "mime");
  }
}
