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
 * What recall asks SQLite (schema versions 7 and 11) and how it ranks the answers. Two places are kept
 * when there are answers for them: the session's newest summary (what the chat was about last) and
 * the newest summary about one of the people now speaking from another chat; the rest go to
 * keyword hits (a stored keyword found in the buffered text: exact, works for two-character
 * Chinese words), full-text hits over summary text and keywords (FTS5 trigrams, ranked by bm25),
 * more summaries about the participants, then the session's next newest — each summary once, at
 * most {@code limit}.
 *
 * <p>Scope, the privacy rule: the session itself, plus group summaries — about the participants
 * when the session is a group, and, when {@code groupsToo} (a private chat with {@code
 * context.group_in_private}), those of group conversations the private chat's user took part in
 * ({@code summary_participants}). A private chat's summary is never recalled
 * anywhere else, whatever {@code context.private_in_group} says (that key lets raw private lines
 * of related users into a group prompt, an operator's explicit choice; a summary never follows).
 */
final class RecallQuery {

  private static final String COLUMNS = "s.id, s.self_id, s.chat_type, s.peer_id, s.summary,"
      + " s.keywords, s.first_row_id, s.last_row_id, s.message_count, s.created_at";
  /**
   * The session's own summaries, or, when allowed (a private chat with group_in_private), a group
   * summary the private chat's user took part in: never a group the user was not seen in, or
   * anyone could message the bot privately and pull a closed group's summaries by its topics.
   * Parameters: chat type, peer id, groups too (0/1), the private chat's user (peer id).
   */
  private static final String SCOPE = " AND ((s.chat_type = ? AND s.peer_id = ?)"
      + " OR (? = 1 AND s.chat_type = 'group' AND EXISTS (SELECT 1 FROM summary_participants p"
      + " WHERE p.user_id = ? AND p.self_id = s.self_id AND p.summary_id = s.id)))";

  /** Parameters: self id, chat type, peer id, limit. */
  static final String NEWEST = "SELECT " + COLUMNS + " FROM summaries s WHERE s.self_id = ?"
      + " AND s.chat_type = ? AND s.peer_id = ? ORDER BY s.id DESC LIMIT ?";

  /** Parameters: self id, lower-cased text, then SCOPE's four, limit. */
  static final String BY_KEYWORD = "SELECT DISTINCT " + COLUMNS + " FROM summary_keywords k"
      + " JOIN summaries s ON s.id = k.summary_id WHERE k.self_id = ? AND instr(?, k.keyword) > 0"
      + SCOPE + " ORDER BY s.id DESC LIMIT ?";

  /** Parameters: match expression, self id, then SCOPE's four, limit. */
  static final String BY_TEXT = "SELECT " + COLUMNS + " FROM summaries_fts f"
      + " JOIN summaries s ON s.id = f.rowid WHERE summaries_fts MATCH ? AND s.self_id = ?"
      + SCOPE + " ORDER BY bm25(summaries_fts) LIMIT ?";

  /**
   * Summaries of other group chats in which one of the participants took part, newest first.
   * Parameters: participants (a JSON array of user ids), self id, chat type, peer id, limit.
   */
  static final String BY_PARTICIPANT = "SELECT DISTINCT " + COLUMNS
      + " FROM summary_participants p JOIN summaries s ON s.id = p.summary_id"
      + " WHERE p.user_id IN (SELECT value FROM json_each(?)) AND p.self_id = ?"
      + " AND s.chat_type = 'group' AND NOT (s.chat_type = ? AND s.peer_id = ?)"
      + " ORDER BY s.id DESC LIMIT ?";

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

  /**
   * The newest of the session and of the participants first, then keyword hits, text hits, the
   * participants' others, the session's others; at most {@code limit}, oldest first.
   */
  static List<SummaryRow> rank(List<Row> byKeyword, List<Row> byText, List<Row> byParticipant,
      List<Row> newest, int limit) {
    Map<Long, Row> chosen = new LinkedHashMap<>();
    for (List<Row> source : List.of(newest.stream().limit(1).toList(),
        byParticipant.stream().limit(1).toList(), byKeyword, byText, byParticipant, newest)) {
      for (Row row : source) {
        if (chosen.size() < limit) {
          chosen.putIfAbsent(row.getLong("id"), row);
        }
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
