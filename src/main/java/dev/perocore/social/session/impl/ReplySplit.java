package dev.perocore.social.session.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cuts an answer into the messages a person would send: at the model's paragraph breaks (blank
 * lines) and at the {@code [SPLIT]} marker the reply prompt teaches, at most {@code
 * reply.max_parts} of them (the rest join the last, so nothing is lost). The marker never reaches
 * QQ: without splitting it becomes a paragraph break.
 */
final class ReplySplit {

  private static final Pattern MARKER = Pattern.compile("(?i)\\s*\\[\\s*SPLIT\\s*]\\s*");
  private static final Pattern PARAGRAPH = Pattern.compile("\\n[ \\t\\u3000]*\\n\\s*");
  private static final String BREAK = "\n\n";

  private ReplySplit() {}

  /**
   * The parts to send, in order, none blank; empty when nothing is left (an answer of markers).
   *
   * @param split whether to split at all ({@code reply.split}, and not for an observing line)
   */
  static List<String> parts(String text, boolean split, int maxParts) {
    String marked = MARKER.matcher(text).replaceAll(BREAK).strip();
    if (marked.isEmpty()) {
      return List.of();
    }
    if (!split || maxParts <= 1) {
      return List.of(PARAGRAPH.matcher(marked).replaceAll(BREAK));
    }
    List<String> parts = new ArrayList<>();
    for (String part : PARAGRAPH.split(marked)) {
      String kept = part.strip();
      if (kept.isEmpty()) {
        continue;
      }
      if (parts.size() == maxParts) {
        parts.set(maxParts - 1, parts.get(maxParts - 1) + BREAK + kept);
      } else {
        parts.add(kept);
      }
    }
    return List.copyOf(parts);
  }
}
