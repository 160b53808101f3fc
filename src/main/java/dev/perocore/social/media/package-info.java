/**
 * Images seen: the bytes of a received image, fetched when the message arrives (QQ's image URLs
 * expire within hours) and kept in a content-addressed cache on disk, so a later flush can show
 * them to a model that sees images. Depends only on {@code guard}.
 *
 * <p>Where things are:
 * <ul>
 *   <li>{@link dev.perocore.social.media.MediaConfig} — the {@code media.*} keys.
 *   <li>{@link dev.perocore.social.media.MediaCache} — the public face: {@code fetch(url)} (never
 *       fails: the outcome is counted in {@code social_media_downloads_total{outcome}}), {@code
 *       dataUrl(sha256)}, {@code delete}, {@code sweep} (expiry, then oldest first to the cap).
 *   <li>{@link dev.perocore.social.media.DownloadOutcome} — the closed set of outcomes.
 *   <li>{@link dev.perocore.social.media.ImageMime} — the MIME type sniffed from the bytes.
 *   <li>{@code impl.HttpFetch} — one GET, redirects followed by hand (http/https only), the size
 *       cap enforced while streaming; {@code impl.MediaFiles} — the files, through Vert.x's
 *       FileSystem only.
 * </ul>
 */
package dev.perocore.social.media;
