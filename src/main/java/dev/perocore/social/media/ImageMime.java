package dev.perocore.social.media;

import io.vertx.core.buffer.Buffer;
import java.util.Optional;

/**
 * The MIME type of image bytes, read from their magic numbers: a server's Content-Type is not
 * trusted (QQ's servers send {@code application/octet-stream}, and a data URL with the wrong type
 * is refused by some models).
 */
public final class ImageMime {

  private ImageMime() {}

  /** {@code image/png}, {@code image/jpeg}, {@code image/gif}, {@code image/webp}, {@code image/bmp}. */
  public static Optional<String> sniff(Buffer bytes) {
    if (starts(bytes, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return Optional.of("image/png");
    }
    if (starts(bytes, 0xFF, 0xD8, 0xFF)) {
      return Optional.of("image/jpeg");
    }
    if (starts(bytes, 'G', 'I', 'F', '8')) {
      return Optional.of("image/gif");
    }
    if (starts(bytes, 'R', 'I', 'F', 'F') && bytes.length() >= 12
        && bytes.getString(8, 12, "ISO-8859-1").equals("WEBP")) {
      return Optional.of("image/webp");
    }
    if (starts(bytes, 'B', 'M') && bytes.length() >= 26) {
      return Optional.of("image/bmp");
    }
    return Optional.empty();
  }

  private static boolean starts(Buffer bytes, int... magic) {
    if (bytes.length() < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((bytes.getByte(i) & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
