package dev.perocore.social.brain.impl;

import dev.perocore.social.brain.ChatLine;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a message's CQ string as a person would read it: {@code @name}, {@code [图片]} (with a
 * sticker's summary), {@code [表情:name]}, {@code [回复 name: ...]}, {@code [语音]}, {@code [文件
 * name]}, and text with its CQ escapes ({@code &amp;}, {@code &#91;}) undone. The model then sees
 * no URLs, no opaque ids and no HTML entities — PeroCore sent all three.
 *
 * <p>Names come from the lines the prompt already shows (sender id to name, message id to line),
 * and the bot's own id is its name: a mention of the bot reads {@code @Pero}.
 */
final class CqReadable {

  private static final Pattern CQ = Pattern.compile("\\[CQ:([a-zA-Z_]+)((?:,[^\\]]*)?)]");
  private static final int QUOTED_CHARS = 30;

  private final Map<Long, String> names = new HashMap<>();
  private final Map<String, ChatLine> byMessageId = new HashMap<>();
  private final long botId;
  private final String botName;

  /** @param lines every line the prompt shows, for names and replied-to messages */
  CqReadable(long botId, String botName, List<ChatLine> lines) {
    this.botId = botId;
    this.botName = botName;
    for (ChatLine line : lines) {
      if (!line.senderName().isEmpty() && line.senderId() > 0) {
        names.put(line.senderId(), line.senderName());
      }
      if (!line.messageId().isEmpty()) {
        byMessageId.put(line.messageId(), line);
      }
    }
    names.put(botId, botName);
  }

  /** A speaker's name as the prompt shows it. */
  String nameOf(ChatLine line) {
    if (line.fromBot() || line.senderId() == botId) {
      return botName;
    }
    return line.senderName().isEmpty() ? "user" : line.senderName();
  }

  String render(String cq) {
    return render(cq, true);
  }

  private String render(String cq, boolean replies) {
    StringBuilder out = new StringBuilder();
    Matcher m = CQ.matcher(cq);
    int from = 0;
    while (m.find()) {
      out.append(unescape(cq.substring(from, m.start())));
      out.append(segment(m.group(1), params(m.group(2)), replies));
      from = m.end();
    }
    out.append(unescape(cq.substring(from)));
    return out.toString();
  }

  private String segment(String type, Function<String, String> p, boolean replies) {
    return switch (type) {
      case "at" -> at(p.apply("qq"), p.apply("name"));
      case "image" -> image(p.apply("summary"));
      case "face" -> "[表情:" + FaceNames.of(p.apply("id")) + "]";
      case "mface", "marketface" -> "[表情:" + bare(p.apply("summary")) + "]";
      case "reply" -> replies ? reply(p.apply("id")) : "[回复]";
      case "record" -> "[语音]";
      case "video" -> "[视频]";
      case "file" -> "[文件 " + p.apply("name") + "]";
      case "forward", "node" -> "[合并转发]";
      case "json", "xml", "share", "music", "ark" -> "[卡片]";
      case "poke", "shake" -> "[戳一戳]";
      case "dice" -> "[骰子]";
      case "rps" -> "[猜拳]";
      case "location" -> "[位置]";
      case "markdown" -> "[markdown]";
      default -> "[" + type + "]";
    };
  }

  private String at(String qq, String name) {
    if ("all".equals(qq)) {
      return "@全体成员";
    }
    try {
      String known = names.get(Long.parseLong(qq));
      if (known != null) {
        return "@" + known;
      }
    } catch (NumberFormatException e) {
      // not a number: shown as written below
    }
    return "@" + (name.isEmpty() ? qq : name);
  }

  private static String image(String summary) {
    String text = bare(summary);
    return text.isEmpty() || text.equals("图片") ? "[图片]" : "[图片 " + text + "]";
  }

  private String reply(String id) {
    ChatLine quoted = byMessageId.get(id);
    if (quoted == null) {
      return "[回复]";
    }
    String text = render(quoted.text(), false).replace('\n', ' ').strip();
    if (text.length() > QUOTED_CHARS) {
      text = text.substring(0, QUOTED_CHARS) + "…";
    }
    return "[回复 " + nameOf(quoted) + ": " + text + "]";
  }

  /** A sticker summary such as {@code [动画表情]} without its brackets. */
  private static String bare(String summary) {
    String text = summary.strip();
    if (text.startsWith("[") && text.endsWith("]") && text.length() >= 2) {
      text = text.substring(1, text.length() - 1).strip();
    }
    return text;
  }

  private static Function<String, String> params(String raw) {
    Map<String, String> map = new HashMap<>();
    for (String pair : raw.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        map.put(pair.substring(0, eq).trim(), unescape(pair.substring(eq + 1)));
      }
    }
    return key -> map.getOrDefault(key, "");
  }

  static String unescape(String text) {
    return text.replace("&#91;", "[").replace("&#93;", "]").replace("&#44;", ",")
        .replace("&amp;", "&");
  }
}
