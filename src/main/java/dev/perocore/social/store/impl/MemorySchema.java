package dev.perocore.social.store.impl;

import java.util.List;

/**
 * The schema versions of what the companion remembers and sees (issue 15): searchable summaries
 * (7), received images linked to their cached bytes (9), who took part in each summary (11). Part
 * of {@link Migrations#VERSIONS}, kept apart so neither file grows past reading; the same rule
 * holds: never edit a released version, add the next one.
 */
final class MemorySchema {

  /**
   * Version 7: summaries become searchable memory (issue 15). SQLite's FTS5 with the {@code
   * trigram} tokenizer indexes summary text and keywords (the default unicode61 tokenizer would
   * take a whole run of Han characters as one token, so {@code 团子} never matched inside {@code
   * 叫团子的橘猫}); trigrams match substrings of three or more characters, so two-character words —
   * most Chinese keywords — get a table of their own, matched exactly against the buffered text.
   * Triggers keep both in step with summaries, retention's deletes included; an index on
   * created_at serves that retention.
   */
  static final List<String> V7 = List.of(
      "CREATE VIRTUAL TABLE summaries_fts USING fts5(summary, keywords, content='summaries',"
          + " content_rowid='id', tokenize='trigram')",
      "INSERT INTO summaries_fts (rowid, summary, keywords) SELECT id, summary, keywords"
          + " FROM summaries",
      """
      CREATE TABLE summary_keywords (
        self_id    INTEGER NOT NULL,
        keyword    TEXT    NOT NULL,   -- lower case
        summary_id INTEGER NOT NULL,
        PRIMARY KEY (self_id, keyword, summary_id)
      ) WITHOUT ROWID""",
      "INSERT OR IGNORE INTO summary_keywords (self_id, keyword, summary_id) SELECT s.self_id,"
          + " lower(trim(k.value)), s.id FROM summaries s, json_each(s.keywords) k"
          + " WHERE trim(k.value) <> ''",
      """
      CREATE TRIGGER summaries_recall_insert AFTER INSERT ON summaries BEGIN
        INSERT INTO summaries_fts (rowid, summary, keywords)
          VALUES (new.id, new.summary, new.keywords);
        INSERT OR IGNORE INTO summary_keywords (self_id, keyword, summary_id)
          SELECT new.self_id, lower(trim(k.value)), new.id FROM json_each(new.keywords) k
          WHERE trim(k.value) <> '';
      END""",
      """
      CREATE TRIGGER summaries_recall_delete AFTER DELETE ON summaries BEGIN
        INSERT INTO summaries_fts (summaries_fts, rowid, summary, keywords)
          VALUES ('delete', old.id, old.summary, old.keywords);
        DELETE FROM summary_keywords WHERE self_id = old.self_id AND summary_id = old.id;
      END""",
      "CREATE INDEX summaries_by_created ON summaries (created_at)");

  /**
   * Version 9: received images linked to their cached bytes (issue 15, images seen). A message's
   * image segments are downloaded on arrival into a content-addressed cache ({@code media.dir});
   * this table says which message holds which file, so a flush (or a re-buffer after a restart)
   * finds the bytes after QQ's URL has expired, and deleting a user's history finds their files.
   * Keyed by the message's identity, not its row id: the download runs beside the append, and
   * the link may commit first. Pruned with the messages by retention (a row without its message
   * is never read).
   */
  static final List<String> V9 = List.of(
      """
      CREATE TABLE message_media (
        self_id    INTEGER NOT NULL,
        chat_type  TEXT    NOT NULL,
        peer_id    INTEGER NOT NULL,
        message_id INTEGER NOT NULL,
        sender_id  INTEGER NOT NULL,
        seq        INTEGER NOT NULL,   -- the image's place among the message's images, from 0
        sha256     TEXT    NOT NULL,   -- the cache file's name
        mime       TEXT    NOT NULL,   -- sniffed from the bytes
        size       INTEGER NOT NULL,
        created_at INTEGER NOT NULL,   -- epoch millis
        PRIMARY KEY (self_id, chat_type, peer_id, message_id, sender_id, seq)
      ) WITHOUT ROWID""",
      "CREATE INDEX message_media_by_hash ON message_media (sha256)",
      "CREATE INDEX message_media_by_sender ON message_media (sender_id)",
      "CREATE INDEX message_media_by_created ON message_media (created_at)");

  /**
   * Version 11: who took part in each summary (issue 15, summaries about the participants). Recall
   * chooses, besides the session's own summaries, those of other group chats in which the people
   * now speaking took part, so the bot remembers a person across groups. Filled when a summary is
   * stored, from the senders of the messages it summarised (the bot and system rows excluded).
   * Keyed by user first: recall asks by (user, bot), deleting a user's history by user. A trigger
   * removes a summary's rows with it (retention, history deletion). The backfill takes the senders
   * of each stored summary's message range, one range scan of messages_by_session per summary
   * (messages already pruned by retention add no one: their summaries are the next to go).
   */
  static final List<String> V11 = List.of(
      """
      CREATE TABLE summary_participants (
        user_id    INTEGER NOT NULL,
        self_id    INTEGER NOT NULL,
        summary_id INTEGER NOT NULL,
        PRIMARY KEY (user_id, self_id, summary_id)
      ) WITHOUT ROWID""",
      "CREATE INDEX summary_participants_by_summary ON summary_participants (summary_id)",
      "INSERT OR IGNORE INTO summary_participants (user_id, self_id, summary_id)"
          + " SELECT DISTINCT m.sender_id, s.self_id, s.id FROM summaries s JOIN messages m"
          + " ON m.self_id = s.self_id AND m.chat_type = s.chat_type AND m.peer_id = s.peer_id"
          + " AND m.id BETWEEN s.first_row_id AND s.last_row_id"
          + " WHERE m.status = 'received' AND m.sender_id > 0 AND m.sender_id <> s.self_id",
      """
      CREATE TRIGGER summaries_participants_delete AFTER DELETE ON summaries BEGIN
        DELETE FROM summary_participants WHERE summary_id = old.id;
      END""");

  private MemorySchema() {}
}
