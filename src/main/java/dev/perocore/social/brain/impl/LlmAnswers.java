package dev.perocore.social.brain.impl;

import dev.perocore.social.brain.BotIdentity;
import dev.perocore.social.brain.BrainDecision;
import dev.perocore.social.brain.BrainRequest;
import dev.perocore.social.brain.RequestVerdict;
import dev.perocore.social.brain.Summary;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a model wrote: silence words, the summary JSON, the request verdict. Models wrap
 * answers in code fences, add a sentence before the JSON, or think aloud in {@code <think>}
 * blocks; each reader takes the answer out of that and fails with a clear message when there is
 * none.
 */
public final class LlmAnswers {

  /** PeroCore's silence words: the whole answer being one of these means "say nothing". */
  static final Set<String> SILENCE_WORDS = Set.of("PASS", "IGNORE", "NONE", "NULL", "NO");

  private static final Pattern THINK = Pattern.compile("(?is)<think>.*?</think>");
  private static final Pattern FENCE = Pattern.compile("(?s)```[a-zA-Z]*\\s*(.*?)```");
  private static final Pattern PASS_TAG = Pattern.compile("(?i)\\[\\s*PASS\\s*]");
  private static final Pattern EDGES = Pattern.compile("^[\\p{Punct}\\p{IsPunctuation}\\s]+|[\\p{Punct}\\p{IsPunctuation}\\s]+$");
  private static final Pattern VERDICT = Pattern.compile("(?i)\\b(APPROVE|REJECT|HOLD)\\b");
  private static final Pattern KEYWORD_SPLIT = Pattern.compile("[,，、;；]");
  private static final int MAX_KEYWORDS = 16;
  private static final BotIdentity NOBODY = new BotIdentity(0, "");

  private LlmAnswers() {}

  /** The answer without reasoning blocks and surrounding blanks. */
  public static String clean(String content) {
    return THINK.matcher(content == null ? "" : content).replaceAll("").trim();
  }

  /**
   * Why this answer means silence, or empty if it is a message to send. Silence is only the WHOLE
   * answer (trimmed, any case) being a silence word or {@code [PASS]}: "I'd [PASS] on that" or
   * "IGNORE the noise" are messages. When observing (the secretary's speak-or-PASS question)
   * punctuation around the word is allowed too ({@code "No."}, {@code **PASS**}); when summoned a
   * "No." is an answer to a question and is sent.
   */
  public static Optional<String> silence(String answer, BrainRequest.Mode mode) {
    String text = clean(answer);
    if (text.isEmpty()) {
      return Optional.of("empty answer");
    }
    if (PASS_TAG.matcher(text).matches()) {
      return Optional.of("answered [PASS]");
    }
    String word = text.toUpperCase(Locale.ROOT);
    if (mode == BrainRequest.Mode.OBSERVING) {
      word = EDGES.matcher(word).replaceAll("");
    }
    return SILENCE_WORDS.contains(word) ? Optional.of("answered " + word) : Optional.empty();
  }

  /** Reply with the cleaned answer, or Pass naming the silence. */
  public static BrainDecision decision(String answer, BrainRequest.Mode mode) {
    return decision(answer, mode, NOBODY, stripped -> {});
  }

  /**
   * Reply with the answer cleaned of what the model wrapped around it ({@link ReplyCleaner}:
   * reasoning, a speaker tag, quotes, echoed context lines), or Pass naming the silence.
   *
   * @param stripped told of each kind of thing taken off a reply (for the metric)
   */
  public static BrainDecision decision(String answer, BrainRequest.Mode mode, BotIdentity bot,
      Consumer<OutputCleaning> stripped) {
    ReplyCleaner.Cleaned cleaned = ReplyCleaner.clean(answer, bot);
    Optional<String> silent = silence(cleaned.text(), mode);
    if (silent.isPresent()) {
      return new BrainDecision.Pass(silent.get());
    }
    cleaned.stripped().forEach(stripped);
    return new BrainDecision.Reply(cleaned.text());
  }

  /**
   * Like {@link #decision(String, BrainRequest.Mode, BotIdentity, Consumer)}, and the reply's
   * tokens the prompt teaches become parts ({@link ReplyMarkup}): a mention of a participant of the
   * request's messages, a quote of one of them, a sticker it offers; other text stays text.
   */
  public static BrainDecision decision(String answer, BrainRequest request,
      Consumer<OutputCleaning> stripped) {
    BrainDecision decision = decision(answer, request.mode(), request.bot(), stripped);
    return decision instanceof BrainDecision.Reply reply
        ? new BrainDecision.Reply(ReplyMarkup.parts(reply.text(), request)) : decision;
  }

  /**
   * The {@code {"summary": ..., "keywords": [...]}} object in the answer, fenced or not, with text
   * around it or not. Keywords may also be one comma-separated string.
   *
   * @throws IllegalArgumentException if there is no such object or its summary is empty
   */
  public static Summary summary(String answer) {
    JsonObject json = jsonObjectIn(clean(answer));
    Object rawSummary = json.getValue("summary");
    String summary = rawSummary == null ? "" : String.valueOf(rawSummary).trim();
    if (!(rawSummary instanceof String) || summary.isEmpty()) {
      throw new IllegalArgumentException("summary answer has no \"summary\" text: "
          + excerpt(answer));
    }
    return new Summary(summary, keywords(json.getValue("keywords")));
  }

  /**
   * APPROVE, REJECT or HOLD when exactly one of them appears in the answer; anything else (none,
   * or contradicting words) is HOLD, so a human decides.
   */
  public static RequestVerdict verdict(String answer) {
    Matcher m = VERDICT.matcher(clean(answer));
    Set<RequestVerdict> seen = EnumSet.noneOf(RequestVerdict.class);
    while (m.find()) {
      seen.add(RequestVerdict.valueOf(m.group(1).toUpperCase(Locale.ROOT)));
    }
    return seen.size() == 1 ? seen.iterator().next() : RequestVerdict.HOLD;
  }

  /** A short, single-line excerpt for logs and error messages. */
  public static String excerpt(String text) {
    String line = String.valueOf(text).replaceAll("\\s+", " ").trim();
    return line.length() > 120 ? line.substring(0, 117) + "..." : line;
  }

  private static JsonObject jsonObjectIn(String text) {
    List<String> candidates = new ArrayList<>();
    Matcher fence = FENCE.matcher(text);
    while (fence.find()) {
      candidates.add(fence.group(1));
    }
    candidates.add(text);
    for (String candidate : candidates) {
      int start = candidate.indexOf('{');
      int end = candidate.lastIndexOf('}');
      if (start >= 0 && end > start) {
        try {
          return new JsonObject(candidate.substring(start, end + 1));
        } catch (DecodeException notJson) {
          // try the next candidate
        }
      }
    }
    throw new IllegalArgumentException("summary answer holds no JSON object: " + excerpt(text));
  }

  private static List<String> keywords(Object raw) {
    List<Object> items = new ArrayList<>();
    if (raw instanceof JsonArray array) {
      array.forEach(items::add);
    } else if (raw instanceof String text) {
      items.addAll(List.of((Object[]) KEYWORD_SPLIT.split(text)));
    }
    Set<String> words = new LinkedHashSet<>();
    for (Object item : items) {
      if (item instanceof String || item instanceof Number) {
        String word = String.valueOf(item).trim();
        if (!word.isEmpty() && words.size() < MAX_KEYWORDS) {
          words.add(word);
        }
      }
    }
    return List.copyOf(words);
  }
}
