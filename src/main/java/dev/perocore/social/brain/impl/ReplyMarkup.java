package dev.perocore.social.brain.impl;

import dev.perocore.social.brain.BrainRequest;
import dev.perocore.social.brain.ChatLine;
import dev.perocore.social.brain.ReplyPart;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the few tokens the reply prompt teaches into {@link ReplyPart}s: {@code [@<qq id>]} (a
 * mention of someone who spoke in this flush, groups only), {@code [QUOTE:<message id>]} (a
 * message of this flush) and {@code [STICKER:<name>]} (a name the request offers). Anything else —
 * {@code [@all]}, an id of someone who did not speak, a message outside the flush, an unknown
 * sticker, any CQ code — stays literal text: the model can only ask for what the adapter offers.
 *
 * <p>Done here, in the LLM brain, because the prompt that teaches the tokens is here; a brain that
 * repeats users' words (echo) never interprets them, so a user cannot send a sticker through it.
 */
final class ReplyMarkup {

  private static final Pattern TOKEN = Pattern.compile(
      "\\[\\s*(?:@\\s*(\\d{1,19})|(?i:QUOTE)\\s*[:：]\\s*([^\\]\\s]{1,64})"
          + "|(?i:STICKER)\\s*[:：]\\s*([^\\]\\[\\n]{1,64}?))\\s*]");

  private ReplyMarkup() {}

  static List<ReplyPart> parts(String text, BrainRequest request) {
    Set<Long> participants = new HashSet<>();
    Set<String> messageIds = new HashSet<>();
    for (ChatLine line : request.messages()) {
      if (!line.fromBot() && line.senderId() != request.bot().selfId()) {
        participants.add(line.senderId());
      }
      if (!line.messageId().isEmpty()) {
        messageIds.add(line.messageId());
      }
    }
    boolean group = request.isGroup();
    Set<String> stickers = Set.copyOf(request.stickers());
    List<ReplyPart> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    Matcher m = TOKEN.matcher(text);
    int from = 0;
    while (m.find()) {
      ReplyPart part = element(m, group, participants, messageIds, stickers);
      if (part == null) {
        continue;
      }
      literal.append(text, from, m.start());
      flush(literal, parts);
      parts.add(part);
      from = m.end();
    }
    literal.append(text.substring(from));
    flush(literal, parts);
    return parts;
  }

  private static ReplyPart element(Matcher m, boolean group, Set<Long> participants,
      Set<String> messageIds, Set<String> stickers) {
    if (m.group(1) != null) {
      long id = parseId(m.group(1));
      return group && participants.contains(id) ? new ReplyPart.Mention(id) : null;
    }
    if (m.group(2) != null) {
      return messageIds.contains(m.group(2)) ? new ReplyPart.Quote(m.group(2)) : null;
    }
    String name = m.group(3).strip();
    return stickers.contains(name) ? new ReplyPart.Sticker(name) : null;
  }

  private static long parseId(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException tooLong) {
      return -1;
    }
  }

  private static void flush(StringBuilder literal, List<ReplyPart> parts) {
    if (!literal.isEmpty()) {
      parts.add(new ReplyPart.Text(literal.toString()));
      literal.setLength(0);
    }
  }
}
