package dev.perocore.social.brain.impl;

import dev.perocore.social.brain.BrainContext;
import dev.perocore.social.brain.BrainRequest;
import dev.perocore.social.brain.ChatLine;
import dev.perocore.social.brain.FriendRequestQuestion;
import dev.perocore.social.brain.SummaryRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Every prompt the LLM brain sends, in PeroCore's spirit: a cheap "secretary" question when the
 * bot only observes (speak or PASS), the full reply with its context when summoned, a JSON
 * summary, and a one-word verdict on friend requests. Each method returns the chat-completions
 * {@code messages} array: one system message (who the bot is, what to answer) and one user
 * message (the chat itself).
 */
public final class Prompts {

  private static final String SECRETARY = """
      You are the quiet secretary of %1$s, a member of %2$s on QQ. %3$s
      Nobody addressed %1$s in the messages below. Decide whether %1$s should say something now: \
      only for a question nobody answered, something clearly meant for %1$s, or a natural, \
      welcome moment to join in.
      If %1$s should stay silent, answer with the single word PASS.
      Otherwise answer with exactly the message %1$s would send: short, natural, in the language \
      of the chat, without explanations or quotes.""";

  private static final String REPLY = """
      You are %1$s, chatting on QQ in %2$s. %3$s
      Answer the latest messages as %1$s would: natural and concise, in the language of the \
      chat, without a name prefix. Write plain text only: your answer is sent as text, codes \
      and markup are shown as typed, except three tokens: [@<id>] mentions the author of one of \
      the latest messages (the number in brackets after their name), [QUOTE:<n>] quotes the \
      latest message marked #<n>, and [STICKER:<name>] sends a sticker from the list you are \
      given (if any). Use them rarely, only when they help.
      Chat like a person types: for a longer answer, send two or three short messages instead of \
      one block, separated by a blank line or the marker [SPLIT]; a short answer is one message.
      If nothing needs an answer from you, answer with [PASS] only.
      The context gives the recent history, what some participants recently said to you in \
      private, and which parts could not be read this time.""";

  private static final String SUMMARY = """
      Summarize the chat below for long-term memory: who talked about what, decisions, \
      facts worth remembering. Answer with JSON only, no other text:
      {"summary": "1 to 3 sentences in the language of the chat", "keywords": ["up to 8 short topic words"]}""";

  private static final String VERDICT = """
      You look after the QQ account %1$s. %2$s
      Someone sent this account a %3$s. Decide whether to accept it.
      Answer with exactly one word: APPROVE, REJECT or HOLD. REJECT obvious spam, advertising \
      or scams; HOLD when unsure, so a human decides.""";

  private static final int MAX_LINE_CHARS = 500;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm");

  private final String persona;
  private final ZoneId zone;

  /**
   * @param persona who the bot is ({@code brain.persona}); empty = a friendly member of the chat
   * @param zone the time zone message times are shown in
   */
  public Prompts(String persona, ZoneId zone) {
    this.persona = persona == null || persona.isBlank()
        ? "You are a friendly, helpful member of the chat." : persona.trim();
    this.zone = zone;
  }

  /** Observing: should the bot speak at all? Answer PASS or the message. */
  public JsonArray secretary(BrainRequest request) {
    String system = SECRETARY.formatted(name(request), where(request), persona);
    return chat(system, section("Latest messages", request.messages()));
  }

  /** Summoned: the full reply, with the context and what is missing from it. */
  public JsonArray reply(BrainRequest request) {
    String system = REPLY.formatted(name(request), where(request), persona)
        + (request.stickers().isEmpty() ? ""
            : "\nStickers you can send: " + String.join(", ", request.stickers()) + ".");
    BrainContext context = request.context();
    StringBuilder user = new StringBuilder();
    if (!context.history().isEmpty()) {
      user.append(section("Earlier in this chat", context.history())).append('\n');
    }
    for (Map.Entry<Long, List<ChatLine>> related : context.relatedUsers().entrySet()) {
      if (!related.getValue().isEmpty()) {
        user.append(section("Recent private chat with user " + related.getKey(), related.getValue()))
            .append('\n');
      }
    }
    context.latestGroup().ifPresent(group ->
        user.append("This user's most recent group: ").append(group).append("\n\n"));
    if (!context.missingParts().isEmpty()) {
      user.append("Not available this time (do not guess about it): ")
          .append(String.join(", ", context.missingParts())).append("\n\n");
    }
    user.append(section("Latest messages (answer these)", request.messages(), true));
    return chat(system, user.toString());
  }

  /** A JSON summary of a claimed range. */
  public JsonArray summary(SummaryRequest request) {
    return chat(SUMMARY, section("Chat " + request.sessionKey(), request.messages()));
  }

  /** APPROVE / REJECT / HOLD on a friend request or group invite. */
  public JsonArray verdict(FriendRequestQuestion question) {
    String what = FriendRequestQuestion.GROUP_INVITE.equals(question.kind())
        ? "group invitation" : "friend request";
    String system = VERDICT.formatted(question.selfId(), persona, what);
    String user = "From user " + question.userId() + ", with the message: \""
        + clip(question.comment()) + "\"";
    return chat(system, user);
  }

  private String section(String title, List<ChatLine> lines) {
    return section(title, lines, false);
  }

  /** With {@code ids}, each line carries {@code #<message id>} for the model's [QUOTE:..]. */
  private String section(String title, List<ChatLine> lines, boolean ids) {
    StringBuilder text = new StringBuilder(title).append(":\n");
    if (lines.isEmpty()) {
      text.append("(none)\n");
    }
    for (ChatLine line : lines) {
      text.append('[').append(TIME.format(Instant.ofEpochSecond(line.epochSeconds()).atZone(zone)))
          .append("] ")
          .append(ids && !line.messageId().isEmpty() ? "#" + line.messageId() + " " : "")
          .append(line.fromBot() ? "you" : line.senderName().isEmpty() ? "user" : line.senderName())
          .append(" (").append(line.senderId()).append("): ")
          .append(clip(line.text()))
          .append('\n');
    }
    return text.toString();
  }

  private static String name(BrainRequest request) {
    String name = request.bot().name().trim();
    return name.isEmpty() ? "the bot" : name;
  }

  private static String where(BrainRequest request) {
    return request.isGroup() ? "a group chat" : "a private chat";
  }

  private static String clip(String text) {
    String single = text.replace('\n', ' ');
    return single.length() > MAX_LINE_CHARS ? single.substring(0, MAX_LINE_CHARS) + "..." : single;
  }

  private static JsonArray chat(String system, String user) {
    return new JsonArray()
        .add(new JsonObject().put("role", "system").put("content", system))
        .add(new JsonObject().put("role", "user").put("content", user));
  }
}
