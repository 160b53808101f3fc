package dev.perocore.social.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An event's JSON as the implementation sent it, kept as its UTF-8 bytes: a received frame goes
 * to the {@code raw_json} column without ever being decoded into a String (the decode and the
 * writer's encode back to UTF-8 cost about a fifth of the bytes a stored message allocated). The
 * column still holds TEXT: the insert casts the bytes (see store.impl.Sql).
 *
 * <p>Immutable by contract (the bytes are shared, not copied): the array handed to {@link #utf8(byte[])} is given up by its owner
 * and never written again, and {@link #bytes()} is read, never written.
 */
public final class RawJson {

  private final byte[] utf8;

  private RawJson(byte[] utf8) {
    this.utf8 = utf8;
  }

  /** The text's UTF-8 bytes; null for null. */
  public static RawJson of(String text) {
    return text == null ? null : new RawJson(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Takes over {@code bytes} (exactly the JSON, UTF-8) without a copy; null for null. Bytes that
   * are not well-formed UTF-8 (Jackson lets an encoded surrogate or an overlong form through) are
   * stored as Java decodes them, each bad sequence a U+FFFD, exactly as the String path stored
   * them: the TEXT column only ever holds valid UTF-8.
   */
  public static RawJson utf8(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    return Utf8.wellFormed(bytes) ? new RawJson(bytes) : of(new String(bytes, StandardCharsets.UTF_8));
  }

  /** The UTF-8 bytes themselves, not a copy: read them, never write them. */
  public byte[] bytes() {
    return utf8;
  }

  public String text() {
    return new String(utf8, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RawJson raw && Arrays.equals(raw.utf8, utf8);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(utf8);
  }

  @Override
  public String toString() {
    return text();
  }
}
