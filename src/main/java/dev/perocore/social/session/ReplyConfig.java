package dev.perocore.social.session;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code reply:} section: how an answer is delivered — in parts, each after a typing pause,
 * the first one quoting the message it answers when that helps.
 *
 * @param split split the answer at blank lines and {@code [SPLIT]} markers ({@code reply.split})
 * @param maxParts most messages one answer becomes; extra parts join the last ({@code
 *     reply.max_parts})
 * @param typingCps typing speed: a part waits {@code length / typing_cps} seconds before it is sent
 *     ({@code reply.typing_cps})
 * @param typingMax cap of one part's typing pause ({@code reply.typing_max}); zero = no pause
 * @param quote when a group answer's first part quotes the answered message ({@code reply.quote})
 * @param stickersDir the directory of the sticker index ({@code reply.stickers_dir}); empty = none
 * @param stickerMaxBytes largest sticker file ({@code reply.sticker_max_bytes})
 */
public record ReplyConfig(
    boolean split, int maxParts, double typingCps, Duration typingMax, Quote quote,
    String stickersDir, long stickerMaxBytes) {

  /** The default largest sticker file: 1 MiB (it travels base64 inside the send action). */
  public static final long STICKER_MAX_BYTES = 1 << 20;

  /** {@code reply.quote}. */
  public enum Quote {
    /** Only when other messages came between the answered message and the answer. */
    AUTO,
    ALWAYS,
    NEVER;

    public static Quote fromLabel(String label) {
      return valueOf(label.toUpperCase(Locale.ROOT));
    }
  }

  public ReplyConfig {
    Objects.requireNonNull(typingMax, "typingMax");
    Objects.requireNonNull(quote, "quote");
    stickersDir = Objects.requireNonNullElse(stickersDir, "").strip();
    if (maxParts < 1 || !(typingCps > 0)) {
      throw new IllegalArgumentException("maxParts >= 1 and typingCps > 0");
    }
    if (stickerMaxBytes < 1) {
      throw new IllegalArgumentException("stickerMaxBytes >= 1");
    }
  }

  /** Without stickers. */
  public ReplyConfig(boolean split, int maxParts, double typingCps, Duration typingMax,
      Quote quote) {
    this(split, maxParts, typingCps, typingMax, quote, "", STICKER_MAX_BYTES);
  }

  /** PeroCore-like defaults: split, at most 4 parts, 8 characters a second, at most 4 s each. */
  public static ReplyConfig defaults() {
    return new ReplyConfig(true, 4, 8, Duration.ofSeconds(4), Quote.AUTO);
  }

  /** The typing pause before a part of {@code chars} characters (code points). */
  public Duration typingDelay(int chars) {
    long millis = (long) Math.ceil(chars * 1000.0 / typingCps);
    return millis >= typingMax.toMillis() ? typingMax : Duration.ofMillis(millis);
  }
}
