package dev.perocore.social.session.impl;

import dev.perocore.social.brain.ChatLine;
import dev.perocore.social.brain.ReplyPart;
import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.chat.ChatType;
import dev.perocore.social.onebot.message.Message;
import dev.perocore.social.onebot.message.Segment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the OneBot segments of one reply message from the brain's parts, checking each element
 * against what this flight offers — whatever the brain says: a mention only of someone who wrote a
 * message of the flush (in a group; never {@code qq=all}), a quote only of a message of the flush,
 * a sticker only from the index (its bytes as {@code base64://}, never a path or URL). An element
 * that fails its check is sent as the characters of its token. Text is text segments.
 *
 * @param sent the segments to send
 * @param stored the same message as the store keeps it: a sticker as {@code sticker:<name>}, not
 *     its bytes
 */
record ReplySegments(Message sent, Message stored) {

  /** What a non-text part counts as for the typing pause, in characters. */
  private static final int ELEMENT_CHARS = 2;

  /**
   * @param autoQuote the message id {@code reply.quote} chose for this message, or ""
   * @param quotes whether the brain's quotes are honoured ({@code reply.quote} is not never)
   */
  static ReplySegments build(ChatKey key, List<ChatLine> flush, List<ReplyPart> parts,
      StickerIndex stickers, String autoQuote, boolean quotes) {
    Set<Long> participants = new HashSet<>();
    Set<String> ids = new HashSet<>();
    for (ChatLine line : flush) {
      if (!line.fromBot() && line.senderId() != key.selfId()) {
        participants.add(line.senderId());
      }
      if (!line.messageId().isEmpty()) {
        ids.add(line.messageId());
      }
    }
    String quote = autoQuote;
    List<Segment> sent = new ArrayList<>();
    List<Segment> stored = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (ReplyPart part : parts) {
      Segment element = null;
      Segment kept = null;
      if (part instanceof ReplyPart.Text t) {
        text.append(t.text());
        continue;
      } else if (part instanceof ReplyPart.Quote q && ids.contains(q.messageId())) {
        // The brain's choice wins over reply.quote's; one quote per message, never as text.
        quote = quotes && quote.equals(autoQuote) ? q.messageId() : quote;
        continue;
      } else if (part instanceof ReplyPart.Mention m && key.type() == ChatType.GROUP
          && participants.contains(m.userId())) {
        element = Segment.at(m.userId());
      } else if (part instanceof ReplyPart.Sticker s && stickers.file(s.name()).isPresent()) {
        element = Segment.image(stickers.file(s.name()).get());
        kept = Segment.image("sticker:" + s.name());
      }
      if (element == null) {
        text.append(part.token());
        continue;
      }
      flushText(text, sent, stored);
      sent.add(element);
      stored.add(kept == null ? element : kept);
    }
    flushText(text, sent, stored);
    if (!quote.isEmpty() && !sent.isEmpty()) {
      sent.add(0, Segment.reply(quote));
      stored.add(0, Segment.reply(quote));
    }
    return new ReplySegments(Message.of(sent), Message.of(stored));
  }

  /** The length the typing pause is measured from, in characters. */
  static int chars(List<ReplyPart> parts) {
    int chars = 0;
    for (ReplyPart part : parts) {
      chars += part instanceof ReplyPart.Text t ? t.text().codePointCount(0, t.text().length())
          : part instanceof ReplyPart.Quote ? 0 : ELEMENT_CHARS;
    }
    return chars;
  }

  boolean isEmpty() {
    return sent.segments().isEmpty();
  }

  private static void flushText(StringBuilder text, List<Segment> sent, List<Segment> stored) {
    if (!text.isEmpty()) {
      Segment segment = Segment.text(text.toString());
      sent.add(segment);
      stored.add(segment);
      text.setLength(0);
    }
  }
}
