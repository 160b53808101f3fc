package dev.perocore.social.brain;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A flushed session asking whether and what to answer.
 *
 * @param sessionKey {@code SELF:private:ID} or {@code SELF:group:ID}
 * @param mode whether the bot was summoned or only observes
 * @param messages the buffered messages of this flush, oldest first
 * @param context what the session gathered around them
 * @param bot the bot account that would answer
 * @param stickers the sticker names the adapter can send here ({@code reply.stickers_dir}), for
 *     the prompt and to recognise the model's {@code [STICKER:name]}
 * @param images the flush's newest images as {@code data:} URLs, oldest first: filled only when
 *     {@code brain.llm.vision} is on (at most {@code brain.llm.max_images}); sent to the model as
 *     {@code image_url} parts of the last user turn
 */
public record BrainRequest(
    String sessionKey, Mode mode, List<ChatLine> messages, BrainContext context, BotIdentity bot,
    List<String> stickers, List<String> images) {

  /** Why the brain is asked. */
  public enum Mode {
    /** Mentioned, replied to, called by keyword, or a private message: a full answer is expected. */
    SUMMONED,
    /** Chatter the bot was not asked about (or a proactive scan): speak only if worthwhile. */
    OBSERVING;

    /** The metric and log label: {@code summoned} or {@code observing}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public BrainRequest {
    Objects.requireNonNull(sessionKey, "sessionKey");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(bot, "bot");
    messages = messages == null ? List.of() : List.copyOf(messages);
    context = context == null ? BrainContext.empty() : context;
    stickers = stickers == null ? List.of() : List.copyOf(stickers);
    images = images == null ? List.of() : List.copyOf(images);
  }

  /** A request without images (no vision, or none in the flush). */
  public BrainRequest(String sessionKey, Mode mode, List<ChatLine> messages, BrainContext context,
      BotIdentity bot, List<String> stickers) {
    this(sessionKey, mode, messages, context, bot, stickers, List.of());
  }

  /** A request with no stickers on offer. */
  public BrainRequest(String sessionKey, Mode mode, List<ChatLine> messages, BrainContext context,
      BotIdentity bot) {
    this(sessionKey, mode, messages, context, bot, List.of());
  }

  /** Whether the session key names a group chat. */
  public boolean isGroup() {
    return sessionKey.contains(":group:");
  }
}
