package dev.perocore.social.media;

import java.util.Locale;

/** How one image download ended: the {@code outcome} label of {@code social_media_downloads_total}. */
public enum DownloadOutcome {
  /** Fetched and written to the cache. */
  OK,
  /** Fetched; the same bytes were already cached (deduplicated by sha256). */
  CACHED,
  /** Bigger than {@code media.max_bytes}: refused at the cap (by Content-Length, or mid-stream). */
  TOO_LARGE,
  /** Not done within {@code media.download_timeout}. */
  TIMEOUT,
  /** The server answered with a status other than 200 (an expired URL is a 404). */
  HTTP_ERROR,
  /** Not an http/https URL (or a redirect to one that is not): never fetched. */
  REFUSED,
  /** The bytes are no image format a model reads (PNG, JPEG, GIF, WebP, BMP). */
  NOT_IMAGE,
  /** Anything else: connection refused or reset, DNS, a disk write. */
  FAILED;

  /** The metric label, e.g. {@code too_large}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
