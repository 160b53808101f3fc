package dev.perocore.social.app.config;

import java.util.Collection;

/**
 * The known name a mistyped one most likely meant: one that ends with what was typed (a missing
 * section, {@code SOCIAL_LLM_API_KEY} for {@code SOCIAL_BRAIN_LLM_API_KEY}), else the one at the
 * smallest edit distance, if it is close enough to be a typo rather than a different word.
 */
final class NearestName {

  private static final String PREFIX = "SOCIAL_";

  private NearestName() {}

  /** The suggestion, or null when nothing is close. */
  static String of(String typed, Collection<String> known) {
    String tail = typed.startsWith(PREFIX) ? typed.substring(PREFIX.length()) : typed;
    String best = null;
    for (String name : known) {
      if (name.endsWith("_" + tail) && (best == null || name.length() < best.length())) {
        best = name;
      }
    }
    if (best != null) {
      return best;
    }
    int bestDistance = Integer.MAX_VALUE;
    for (String name : known) {
      int d = distance(typed, name);
      if (d < bestDistance) {
        bestDistance = d;
        best = name;
      }
    }
    // More edits than a third of the name is another word, not a typo of this one.
    return best != null && bestDistance <= Math.max(2, tail.length() / 3) ? best : null;
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
