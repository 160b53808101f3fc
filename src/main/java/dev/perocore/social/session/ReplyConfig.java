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
 */
public record ReplyConfig(
    boolean split, int maxParts, double typingCps, Duration typingMax, Quote quote) {

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
    if (maxParts < 1 || !(typingCps > 0)) {
      throw new IllegalArgumentException("maxParts >= 1 and typingCps > 0");
    }
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
