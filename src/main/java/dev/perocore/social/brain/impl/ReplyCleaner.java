package dev.perocore.social.brain.impl;

import dev.perocore.social.brain.BotIdentity;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes what a model wrapped around its reply off it: reasoning blocks, a speaker tag, quotes
 * around the whole answer, and lines of the prompt's chat transcript echoed back. Chat models do
 * all of these now and then, and each would reach QQ as text ("Pero: hi", "[11-30 03:13] Ann
 * (20002): ..."). Only the edges of the answer are touched, never words inside it.
 */
final class ReplyCleaner {

  /** A cleaned reply and what was stripped from it (empty: it was sent as written). */
  record Cleaned(String text, Set<OutputCleaning> stripped) {}

  private static final Pattern THINK = Pattern.compile("(?is)<think>.*?</think>");
  /** A server that drops the opening tag leaves the reasoning and a lone closing tag. */
  private static final Pattern THINK_TAIL = Pattern.compile("(?is)^.*?</think>");
  /**
   * A block never closed: a reasoning model cut off at its token limit mid-thought. What follows
   * the tag is reasoning, never meant for the chat.
   */
  private static final Pattern THINK_UNCLOSED = Pattern.compile("(?is)<think>.*$");
  /** Prompts.section's line form: {@code [MM-dd HH:mm] name (id): text}. */
  private static final Pattern CONTEXT_LINE = Pattern.compile(
      "^\\s*\\[\\d{1,2}-\\d{1,2} \\d{1,2}:\\d{2}]\\s*(.*?)\\s*\\((\\d+)\\)\\s*[:：]\\s?(.*)$");
  private static final Pattern SPEAKER = Pattern.compile(
      "(?i)^\\s*\\**(name|me|you|assistant|bot)\\**\\s*[:：]\\s*");
  private static final String[][] QUOTE_PAIRS = {
      {"\"", "\""}, {"“", "”"}, {"「", "」"}, {"『", "』"}, {"'", "'"}, {"‘", "’"}};

  private ReplyCleaner() {}

  static Cleaned clean(String content, BotIdentity bot) {
    Set<OutputCleaning> stripped = EnumSet.noneOf(OutputCleaning.class);
    String text = content == null ? "" : content;
    String withoutThink = THINK.matcher(text).replaceAll("");
    if (withoutThink.toLowerCase(Locale.ROOT).contains("</think>")) {
      withoutThink = THINK_TAIL.matcher(withoutThink).replaceFirst("");
    }
    withoutThink = THINK_UNCLOSED.matcher(withoutThink).replaceFirst("");
    if (!withoutThink.equals(text)) {
      stripped.add(OutputCleaning.THINK);
    }
    text = echoedLines(withoutThink.trim(), bot, stripped);
    // A tag and quotes may nest either way round ("Pero: \"hi\"", "\"Pero: hi\"").
    for (int round = 0; round < 3; round++) {
      String before = text;
      text = speaker(text, bot, stripped);
      text = quotes(text, stripped);
      if (text.equals(before)) {
        break;
      }
    }
    return new Cleaned(text, stripped);
  }

  /** Other people's echoed lines go; the bot's own echoed line keeps its text. */
  private static String echoedLines(String text, BotIdentity bot, Set<OutputCleaning> stripped) {
    if (text.indexOf('[') < 0) {
      return text;
    }
    StringBuilder kept = new StringBuilder();
    boolean changed = false;
    for (String line : text.split("\n", -1)) {
      Matcher m = CONTEXT_LINE.matcher(line);
      if (m.matches()) {
        changed = true;
        if (isBot(m.group(1), m.group(2), bot) && !m.group(3).isBlank()) {
          kept.append(m.group(3)).append('\n');
        }
        continue;
      }
      kept.append(line).append('\n');
    }
    if (!changed) {
      return text;
    }
    stripped.add(OutputCleaning.CONTEXT_ECHO);
    return kept.toString().trim();
  }

  private static boolean isBot(String name, String id, BotIdentity bot) {
    return name.equalsIgnoreCase("you") || id.equals(Long.toString(bot.selfId()))
        || (!bot.name().isBlank() && name.equalsIgnoreCase(bot.name().trim()));
  }

  private static String speaker(String text, BotIdentity bot, Set<OutputCleaning> stripped) {
    Matcher m = SPEAKER.matcher(text);
    int end = -1;
    if (m.find()) {
      end = m.end();
    } else if (!bot.name().isBlank()) {
      Matcher named = Pattern.compile("(?i)^\\s*\\**" + Pattern.quote(bot.name().trim())
          + "\\**\\s*[:：]\\s*").matcher(text);
      if (named.find()) {
        end = named.end();
      }
    }
    if (end < 0 || end >= text.length()) {
      return text; // "Me:" alone is not a tagged answer; leave it
    }
    stripped.add(OutputCleaning.NAME_PREFIX);
    return text.substring(end).trim();
  }

  private static String quotes(String text, Set<OutputCleaning> stripped) {
    for (String[] pair : QUOTE_PAIRS) {
      if (text.length() > pair[0].length() + pair[1].length()
          && text.startsWith(pair[0]) && text.endsWith(pair[1])) {
        String inner = text.substring(pair[0].length(), text.length() - pair[1].length());
        // "a" and "b" is two quotes, not one wrapped answer.
        if (!inner.contains(pair[0]) && !inner.contains(pair[1]) && !inner.isBlank()) {
          stripped.add(OutputCleaning.QUOTES);
          return inner.trim();
        }
      }
    }
    return text;
  }
}
