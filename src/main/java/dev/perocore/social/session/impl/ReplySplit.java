package dev.perocore.social.session.impl;

import dev.perocore.social.brain.ReplyPart;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cuts an answer into the messages a person would send: at the model's paragraph breaks (blank
 * lines) and at the {@code [SPLIT]} marker the reply prompt teaches, at most {@code
 * reply.max_parts} of them (the rest join the last, so nothing is lost). The marker never reaches
 * QQ: without splitting it becomes a paragraph break. A structured answer ({@link #messages}) splits
 * the same way inside its text parts, and a sticker is a message of its own.
 */
final class ReplySplit {

  private static final Pattern MARKER = Pattern.compile("(?i)\\s*\\[\\s*SPLIT\\s*]\\s*");
  private static final Pattern PARAGRAPH = Pattern.compile("\\n[ \\t\\u3000]*\\n\\s*");
  private static final String BREAK = "\n\n";

  private ReplySplit() {}

  /**
   * The messages of a structured answer, in order, each a list of parts: text parts split at blank
   * lines and markers (without {@code split}: the markers become blank lines), a sticker alone (when splitting), at most {@code maxParts} (the rest join the
   * last). Text at a message's edges is stripped; a message left with only quotes hands them on to
   * the next one; empty when nothing is left.
   */
  static List<List<ReplyPart>> messages(List<ReplyPart> answer, boolean split, int maxParts) {
    boolean splitting = split && maxParts > 1;
    List<List<ReplyPart>> messages = new ArrayList<>();
    List<ReplyPart> current = new ArrayList<>();
    for (ReplyPart part : answer) {
      if (part instanceof ReplyPart.Text text) {
        String marked = MARKER.matcher(text.text()).replaceAll(BREAK);
        String[] chunks = splitting ? PARAGRAPH.split(marked, -1)
            : new String[] {PARAGRAPH.matcher(marked).replaceAll(BREAK)};
        for (int i = 0; i < chunks.length; i++) {
          if (i > 0) {
            current = close(current, messages);
          }
          if (!chunks[i].isEmpty()) {
            current.add(new ReplyPart.Text(chunks[i]));
          }
        }
      } else if (part instanceof ReplyPart.Sticker && splitting) {
        current = close(current, messages);
        current.add(part);
        current = close(current, messages);
      } else {
        current.add(part);
      }
    }
    close(current, messages);
    while (messages.size() > Math.max(1, maxParts)) {
      List<ReplyPart> last = messages.remove(messages.size() - 1);
      List<ReplyPart> joined = new ArrayList<>(messages.remove(messages.size() - 1));
      joined.add(new ReplyPart.Text(BREAK));
      joined.addAll(last);
      messages.add(List.copyOf(joined));
    }
    return List.copyOf(messages);
  }

  /** Ends a message: adds it when it says something; returns the next one (with left-over quotes). */
  private static List<ReplyPart> close(List<ReplyPart> message, List<List<ReplyPart>> messages) {
    List<ReplyPart> kept = new ArrayList<>(message);
    int first = 0;
    while (first < kept.size() && kept.get(first) instanceof ReplyPart.Quote) {
      first++; // a quote is a segment of its own, before the text
    }
    trimEdge(kept, first, true);
    trimEdge(kept, kept.size() - 1, false);
    kept.removeIf(p -> p instanceof ReplyPart.Text t && t.text().isEmpty());
    boolean saysSomething = kept.stream().anyMatch(p -> !(p instanceof ReplyPart.Quote));
    if (saysSomething) {
      messages.add(List.copyOf(kept));
      return new ArrayList<>();
    }
    return kept;
  }

  private static void trimEdge(List<ReplyPart> parts, int at, boolean leading) {
    if (at >= 0 && at < parts.size() && parts.get(at) instanceof ReplyPart.Text t) {
      String text = leading ? t.text().stripLeading() : t.text().stripTrailing();
      parts.set(at, new ReplyPart.Text(text));
      if (text.isEmpty()) {
        parts.remove(at);
        trimEdge(parts, leading ? at : at - 1, leading);
      }
    }
  }
}
