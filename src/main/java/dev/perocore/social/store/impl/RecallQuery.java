package dev.perocore.social.store.impl;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.chat.ChatType;
import dev.perocore.social.store.SummaryRow;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What recall asks SQLite (version 6's tables) and how it ranks the answers: keyword hits first
 * (a stored keyword found in the buffered text: exact, works for two-character Chinese words),
 * then full-text hits over summary text and keywords (FTS5 trigrams, ranked by bm25), then the
 * session's newest summaries — each summary once, at most {@code limit}, and always room for the
 * newest one. Scope: the session itself, plus the bot's group summaries when {@code groupsToo}
 * (a private chat with {@code context.group_in_private}); a private chat's summary is never
 * recalled anywhere else.
 */
final class RecallQuery {

  private static final String COLUMNS = "s.id, s.self_id, s.chat_type, s.peer_id, s.summary,"
      + " s.keywords, s.first_row_id, s.last_row_id, s.message_count, s.created_at";
  private static final String SCOPE = " AND ((s.chat_type = ? AND s.peer_id = ?)"
      + " OR (? = 1 AND s.chat_type = 'group'))";

  /** Parameters: self id, chat type, peer id, limit. */
  static final String NEWEST = "SELECT " + COLUMNS + " FROM summaries s WHERE s.self_id = ?"
      + " AND s.chat_type = ? AND s.peer_id = ? ORDER BY s.id DESC LIMIT ?";

  /** Parameters: self id, lower-cased text, chat type, peer id, groups too (0/1), limit. */
  static final String BY_KEYWORD = "SELECT DISTINCT " + COLUMNS + " FROM summary_keywords k"
      + " JOIN summaries s ON s.id = k.summary_id WHERE k.self_id = ? AND instr(?, k.keyword) > 0"
      + SCOPE + " ORDER BY s.id DESC LIMIT ?";

  /** Parameters: match expression, self id, chat type, peer id, groups too (0/1), limit. */
  static final String BY_TEXT = "SELECT " + COLUMNS + " FROM summaries_fts f"
      + " JOIN summaries s ON s.id = f.rowid WHERE summaries_fts MATCH ? AND s.self_id = ?"
      + SCOPE + " ORDER BY bm25(summaries_fts) LIMIT ?";

  private static final Pattern CQ = Pattern.compile("\\[CQ:[^\\]]*]");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
  private static final Pattern HAN = Pattern.compile("\\p{IsHan}");
  private static final int MAX_TERMS = 48;

  private RecallQuery() {}

  /** The buffered text as recall compares it: CQ codes out, lower case. */
  static String plain(String text) {
    return CQ.matcher(text).replaceAll(" ").toLowerCase(Locale.ROOT);
  }

  /**
   * An FTS5 expression matching any 3-character piece of the text's Chinese runs or any of its
   * other words of 3+ characters; empty when there is none (the trigram tokenizer cannot match
   * shorter terms).
   */
  static String matchExpression(String plain) {
    Set<String> terms = new LinkedHashSet<>();
    Matcher m = WORD.matcher(plain);
    while (m.find() && terms.size() < MAX_TERMS) {
      String word = m.group();
      if (word.codePointCount(0, word.length()) < 3) {
        continue;
      }
      if (HAN.matcher(word).find()) {
        int[] cps = word.codePoints().toArray();
        for (int i = 0; i + 3 <= cps.length && terms.size() < MAX_TERMS; i++) {
          terms.add(new String(cps, i, 3));
        }
      } else {
        terms.add(word);
      }
    }
    List<String> quoted = new ArrayList<>(terms.size());
    terms.forEach(term -> quoted.add('"' + term.replace("\"", "\"\"") + '"'));
    return String.join(" OR ", quoted);
  }

  /** Keyword hits, then text hits, then the newest; at most {@code limit}, oldest first. */
  static List<SummaryRow> rank(List<Row> byKeyword, List<Row> byText, List<Row> newest,
      int limit) {
    Map<Long, Row> chosen = new LinkedHashMap<>();
    // The newest summary always has a place: it is what the chat was about last.
    int matchSlots = newest.isEmpty() ? limit : Math.max(limit - 1, 0);
    for (List<Row> source : List.of(byKeyword, byText)) {
      for (Row row : source) {
        if (chosen.size() < matchSlots) {
          chosen.putIfAbsent(row.getLong("id"), row);
        }
      }
    }
    for (Row row : newest) {
      if (chosen.size() < limit) {
        chosen.putIfAbsent(row.getLong("id"), row);
      }
    }
    List<Row> rows = new ArrayList<>(chosen.values());
    rows.sort((a, b) -> Long.compare(a.getLong("id"), b.getLong("id")));
    List<SummaryRow> out = new ArrayList<>(rows.size());
    for (Row row : rows) {
      ChatKey session = new ChatKey(row.getLong("self_id"),
          ChatType.fromLabel(row.getString("chat_type")), row.getLong("peer_id"));
      out.add(RowMappers.summary(session, row));
    }
    return out;
  }
}
