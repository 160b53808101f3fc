package dev.perocore.social.brain.impl;

import dev.perocore.social.brain.BrainContext;
import dev.perocore.social.brain.BrainRequest;
import dev.perocore.social.brain.ChatLine;
import dev.perocore.social.brain.FriendRequestQuestion;
import dev.perocore.social.brain.Memory;
import dev.perocore.social.brain.PromptTemplates;
import dev.perocore.social.brain.SummaryRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Every prompt the LLM brain sends, from the operator's templates ({@link PromptTemplates}): the
 * secretary's check when the bot only observes (speak or PASS), the full reply when summoned, a
 * JSON summary, and a one-word verdict on friend requests.
 *
 * <p>A conversation prompt is one system message (the filled template, then what the session
 * gathered: recalled memories, opted-in private chats, the user's latest group, the parts that are
 * missing) followed by the chat as alternating turns ({@link ChatTurns}). The bot's QQ number and
 * name and the current time with its zone are stated, so {@code @Pero} and "tonight" mean
 * something to the model.
 */
public final class Prompts {

  private static final DateTimeFormatter NOW =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm (EEEE)", Locale.ENGLISH);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");

  private final String persona;
  private final PromptTemplates templates;
  private final ZoneId zone;
  private final LongSupplier clock;

  /**
   * @param persona who the bot is ({@code brain.persona}); empty = a friendly member of the chat
   * @param zone the zone of every time shown ({@code brain.timezone})
   * @param clock epoch millis: "now"
   */
  public Prompts(String persona, PromptTemplates templates, ZoneId zone, LongSupplier clock) {
    this.persona = persona == null || persona.isBlank()
        ? "You are a friendly, helpful member of the chat." : persona.trim();
    this.templates = templates;
    this.zone = zone;
    this.clock = clock;
  }

  /** Observing: should the bot speak at all? Answer PASS or the message. */
  public JsonArray secretary(BrainRequest request, List<String> images) {
    return conversation(templates.secretary(), request, images);
  }

  /** Summoned: the full reply, with the context and what is missing from it. */
  public JsonArray reply(BrainRequest request, List<String> images) {
    return conversation(templates.system(), request, images);
  }

  /**
   * A JSON summary of a claimed range. The bot's number and name are stated like in the reply
   * prompt: its own lines are "you", and a mention of it is not a stranger.
   */
  public JsonArray summary(SummaryRequest request) {
    String[] key = request.sessionKey().split(":");
    long selfId = request.bot().selfId() != 0 ? request.bot().selfId()
        : key.length == 3 ? parse(key[0]) : 0;
    String botName = request.bot().name().isBlank() ? "the bot" : request.bot().name().trim();
    boolean group = key.length == 3 && key[1].equals("group");
    String chat = key.length == 3 ? (group ? "the group chat " : "a private chat with ") + key[2]
        : request.sessionKey();
    Map<String, String> values = values(botName, selfId, chat, group ? "group" : "private",
        key.length == 3 ? key[2] : "");
    CqReadable cq = new CqReadable(selfId, botName, request.messages());
    ChatTurns turns = new ChatTurns(cq, zone);
    StringBuilder user = new StringBuilder();
    for (ChatLine line : request.messages()) {
      user.append(turns.line(line, false)).append('\n');
    }
    return chat(PromptTemplates.fill(templates.summary(), values), user.toString().strip());
  }

  /** APPROVE / REJECT / HOLD on a friend request or group invite. */
  public JsonArray verdict(FriendRequestQuestion question) {
    String what = FriendRequestQuestion.GROUP_INVITE.equals(question.kind())
        ? "group invitation" : "friend request";
    Map<String, String> values = values("the bot", question.selfId(), "QQ", "request", "");
    values.put("request", what);
    String user = "From user " + question.userId() + ", with the message: \""
        + ChatTurns.clip(question.comment()) + "\"";
    return chat(PromptTemplates.fill(templates.friendRequest(), values), user);
  }

  private JsonArray conversation(String template, BrainRequest request, List<String> images) {
    BrainContext context = request.context();
    List<ChatLine> history = ChatTurns.withoutLatest(context.history(), request.messages());
    List<ChatLine> all = new ArrayList<>(history);
    all.addAll(request.messages());
    String botName = request.bot().name().isBlank() ? "the bot" : request.bot().name().trim();
    CqReadable cq = new CqReadable(request.bot().selfId(), botName, all);
    String peer = request.sessionKey().substring(request.sessionKey().lastIndexOf(':') + 1);
    // A group's name when its implementation told it (get_group_info), else its number.
    boolean named = request.isGroup() && !context.chatName().isEmpty();
    String chatName = !request.isGroup() ? privateName(request, cq, peer)
        : named ? context.chatName() : "group " + peer;
    String chat = !request.isGroup() ? "a private chat with " + chatName + " (" + peer + ")"
        : "the group chat " + chatName + (named ? " (" + peer + ")" : "");
    Map<String, String> values = values(botName, request.bot().selfId(), chat,
        request.isGroup() ? "group" : "private", chatName);
    String system = PromptTemplates.fill(template, values)
        + (request.stickers().isEmpty() ? ""
            : "\nStickers you can send: " + String.join(", ", request.stickers()) + ".")
        + gathered(context, new ChatTurns(cq, zone));
    JsonArray messages = new JsonArray()
        .add(new JsonObject().put("role", "system").put("content", system));
    new ChatTurns(cq, zone).append(messages, history, request.messages(), images);
    return messages;
  }

  /** What the session gathered besides the chat itself, as system-message sections. */
  private String gathered(BrainContext context, ChatTurns turns) {
    StringBuilder text = new StringBuilder();
    if (!context.memories().isEmpty()) {
      text.append("\n\nWhat you remember (your earlier notes):");
      for (Memory memory : context.memories()) {
        text.append("\n- [").append(DAY.format(Instant.ofEpochSecond(memory.epochSeconds())
            .atZone(zone))).append(memory.chat().isEmpty() ? "" : ", " + memory.chat())
            .append("] ").append(ChatTurns.clip(memory.summary()));
        if (!memory.keywords().isEmpty()) {
          text.append(" (").append(String.join(", ", memory.keywords())).append(')');
        }
      }
    }
    for (Map.Entry<Long, List<ChatLine>> related : context.relatedUsers().entrySet()) {
      if (!related.getValue().isEmpty()) {
        text.append("\n\nRecent private chat with user ").append(related.getKey()).append(':');
        related.getValue().forEach(line -> text.append('\n').append(turns.line(line, false)));
      }
    }
    context.latestGroup().ifPresent(group ->
        text.append("\n\nThis user's most recent group: ").append(group));
    if (!context.missingParts().isEmpty()) {
      text.append("\n\nNot available this time (do not guess about it): ")
          .append(String.join(", ", context.missingParts()));
    }
    return text.toString();
  }

  private Map<String, String> values(String botName, long botId, String chat, String chatType,
      String chatName) {
    Map<String, String> values = new HashMap<>();
    values.put("persona", persona);
    values.put("bot_name", botName);
    values.put("bot_id", Long.toString(botId));
    values.put("chat", chat);
    values.put("chat_type", chatType);
    values.put("chat_name", chatName);
    values.put("now", now());
    return values;
  }

  /** {@code 2026-11-30 15:24 (Monday) Asia/Shanghai, UTC+08:00}. */
  String now() {
    ZonedDateTime now = Instant.ofEpochMilli(clock.getAsLong()).atZone(zone);
    return NOW.format(now) + " " + zone.getId() + ", UTC" + now.getOffset().getId()
        .replace("Z", "+00:00");
  }

  private static String privateName(BrainRequest request, CqReadable cq, String peer) {
    for (ChatLine line : request.messages()) {
      if (!line.fromBot() && Long.toString(line.senderId()).equals(peer)) {
        return cq.nameOf(line);
      }
    }
    return "user " + peer;
  }

  private static long parse(String number) {
    try {
      return Long.parseLong(number);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static JsonArray chat(String system, String user) {
    return new JsonArray()
        .add(new JsonObject().put("role", "system").put("content", system))
        .add(new JsonObject().put("role", "user").put("content", user));
  }
}
