package dev.perocore.social.brain.impl;

import dev.perocore.social.brain.Brain;
import dev.perocore.social.brain.BrainDecision;
import dev.perocore.social.brain.BrainRequest;
import dev.perocore.social.brain.ChatLine;
import dev.perocore.social.brain.FriendRequestQuestion;
import dev.perocore.social.brain.RequestVerdict;
import dev.perocore.social.brain.Summary;
import dev.perocore.social.brain.SummaryRequest;
import io.vertx.core.Future;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A brain without a model, for demos and tests: when summoned it answers {@code "echo: "} and the
 * last thing a user said; when only observing it stays silent (a demo bot echoing every group
 * line would be noise). Summaries are the first words plus the most frequent words; the verdict
 * on requests is configured.
 */
public final class EchoBrain implements Brain {

  public static final String PREFIX = "echo: ";

  private static final Pattern CQ_CODE = Pattern.compile("\\[CQ:[^]]*]");
  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final int SUMMARY_WORDS = 20;
  private static final int KEYWORDS = 5;

  private final RequestVerdict verdict;

  public EchoBrain(RequestVerdict verdict) {
    this.verdict = verdict;
  }

  @Override
  public Future<BrainDecision> decide(BrainRequest request) {
    if (request.mode() == BrainRequest.Mode.OBSERVING) {
      return Future.succeededFuture(new BrainDecision.Pass("echo answers only when summoned"));
    }
    List<ChatLine> messages = request.messages();
    for (int i = messages.size() - 1; i >= 0; i--) {
      ChatLine line = messages.get(i);
      if (!line.fromBot() && !line.text().isBlank()) {
        return Future.succeededFuture(new BrainDecision.Reply(PREFIX + line.text()));
      }
    }
    return Future.succeededFuture(new BrainDecision.Pass("nothing to echo"));
  }

  @Override
  public Future<Summary> summarize(SummaryRequest request) {
    List<String> words = request.messages().stream()
        .map(line -> CQ_CODE.matcher(line.text()).replaceAll(" "))
        .flatMap(text -> Arrays.stream(NON_WORD.split(text)))
        .filter(word -> !word.isEmpty())
        .toList();
    if (words.isEmpty()) {
      return Future.failedFuture(new IllegalArgumentException(
          "nothing to summarize in " + request.sessionKey()));
    }
    String summary = String.join(" ", words.subList(0, Math.min(SUMMARY_WORDS, words.size())));
    return Future.succeededFuture(new Summary(summary, frequent(words)));
  }

  @Override
  public Future<RequestVerdict> judge(FriendRequestQuestion question) {
    return Future.succeededFuture(verdict);
  }

  @Override
  public String kind() {
    return "echo";
  }

  /** The most frequent words of two or more characters; ties keep first appearance. */
  private static List<String> frequent(List<String> words) {
    Map<String, Integer> counts = new HashMap<>();
    Map<String, Integer> firstSeen = new HashMap<>();
    for (String word : words) {
      String key = word.toLowerCase(Locale.ROOT);
      if (key.length() >= 2) {
        counts.merge(key, 1, Integer::sum);
        firstSeen.putIfAbsent(key, firstSeen.size());
      }
    }
    return counts.keySet().stream()
        .sorted(Comparator.comparing((String w) -> -counts.get(w)).thenComparing(firstSeen::get))
        .limit(KEYWORDS)
        .collect(Collectors.toList());
  }
}
