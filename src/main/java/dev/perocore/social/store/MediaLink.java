package dev.perocore.social.store;

import java.util.Objects;

/**
 * One received image linked to its cached file (schema version 9, {@code message_media}).
 *
 * @param messageId the message's platform id
 * @param senderId who sent it (with the id, the message's identity in its chat)
 * @param seq the image's place among the message's images, from 0
 * @param sha256 the cached file's content hash (its name under {@code media.dir})
 * @param mime the MIME type sniffed from the bytes
 * @param size in bytes
 */
public record MediaLink(long messageId, long senderId, int seq, String sha256, String mime,
    long size) {

  public MediaLink {
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(mime, "mime");
  }
}
