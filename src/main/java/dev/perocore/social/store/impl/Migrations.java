package dev.perocore.social.store.impl;

import java.util.List;

/**
 * The schema, as an ordered list of versions. Version N is applied to a database whose {@code
 * PRAGMA user_version} is N-1, in one transaction that also sets user_version to N. Never edit a
 * released version: add the next one. The versions of what the companion remembers and sees
 * (issue 15: recall, media, participants) are in {@link MemorySchema}.
 */
public final class Migrations {

  /** Version 1: conversations, notices, requests, users, groups, session activity. */
  static final List<String> V1 = List.of(
      """
      CREATE TABLE messages (
        id           INTEGER PRIMARY KEY,  -- insertion order; summaries cover ranges of it
        self_id      INTEGER NOT NULL,
        chat_type    TEXT    NOT NULL CHECK (chat_type IN ('private', 'group')),
        peer_id      INTEGER NOT NULL,     -- user id (private) or group id (group)
        message_id   INTEGER,              -- OneBot's id; NULL for a failed send
        status       TEXT    NOT NULL CHECK (status IN ('received', 'sent', 'failed')),
        retcode      INTEGER,
        sender_id    INTEGER NOT NULL,
        sender_name  TEXT    NOT NULL,
        content_cq   TEXT    NOT NULL,
        content_json TEXT    NOT NULL,
        event_time   INTEGER NOT NULL,     -- epoch ms
        received_at  INTEGER NOT NULL,     -- epoch ms
        summarized   INTEGER NOT NULL DEFAULT 0,
        raw_json     TEXT
      )""",
      // NULL message ids (failed sends) are distinct in a UNIQUE index, as they should be.
      "CREATE UNIQUE INDEX messages_by_message_id ON messages (self_id, message_id)",
      "CREATE INDEX messages_by_session ON messages (self_id, chat_type, peer_id, id)",
      "CREATE INDEX messages_by_sender ON messages (self_id, sender_id, chat_type, id)",
      "CREATE INDEX messages_by_received ON messages (received_at)",
      """
      CREATE TABLE notices (
        id          INTEGER PRIMARY KEY,
        self_id     INTEGER NOT NULL,
        notice_type TEXT    NOT NULL,
        sub_type    TEXT,
        group_id    INTEGER,
        user_id     INTEGER,
        operator_id INTEGER,
        detail_json TEXT    NOT NULL,
        event_time  INTEGER NOT NULL,
        received_at INTEGER NOT NULL
      )""",
      "CREATE INDEX notices_by_group ON notices (self_id, group_id, id)",
      "CREATE INDEX notices_by_received ON notices (received_at)",
      """
      CREATE TABLE requests (
        id              INTEGER PRIMARY KEY,
        self_id         INTEGER NOT NULL,
        request_type    TEXT    NOT NULL,
        sub_type        TEXT,
        user_id         INTEGER NOT NULL,
        group_id        INTEGER,
        comment         TEXT    NOT NULL,
        flag            TEXT    NOT NULL,
        event_time      INTEGER NOT NULL,
        received_at     INTEGER NOT NULL,
        resolution      TEXT CHECK (resolution IN
                          ('approved', 'rejected', 'held', 'ignored', 'failed')),
        resolved_at     INTEGER,
        resolution_note TEXT,
        UNIQUE (self_id, request_type, flag)
      )""",
      "CREATE INDEX requests_pending ON requests (self_id, id) WHERE resolution IS NULL",
      "CREATE INDEX requests_by_received ON requests (received_at)",
      """
      CREATE TABLE users (
        user_id       INTEGER PRIMARY KEY,
        nickname      TEXT,
        first_seen_at INTEGER NOT NULL,
        last_seen_at  INTEGER NOT NULL
      )""",
      """
      CREATE TABLE groups (
        group_id      INTEGER PRIMARY KEY,
        name          TEXT,
        first_seen_at INTEGER NOT NULL,
        last_seen_at  INTEGER NOT NULL
      )""",
      """
      CREATE TABLE sessions (
        self_id        INTEGER NOT NULL,
        chat_type      TEXT    NOT NULL,
        peer_id        INTEGER NOT NULL,
        last_active_at INTEGER NOT NULL,
        PRIMARY KEY (self_id, chat_type, peer_id)
      ) WITHOUT ROWID""",
      "CREATE INDEX sessions_by_activity ON sessions (self_id, chat_type, last_active_at)");

  /** Version 2: summaries and exactly-once claims; an index for raw JSON pruning. */
  static final List<String> V2 = List.of(
      "ALTER TABLE messages ADD COLUMN claim_id INTEGER",
      """
      CREATE TABLE summaries (
        id            INTEGER PRIMARY KEY,
        self_id       INTEGER NOT NULL,
        chat_type     TEXT    NOT NULL,
        peer_id       INTEGER NOT NULL,
        summary       TEXT    NOT NULL,
        keywords      TEXT    NOT NULL,    -- JSON array of strings
        first_row_id  INTEGER NOT NULL,    -- messages.id range covered, inclusive
        last_row_id   INTEGER NOT NULL,
        message_count INTEGER NOT NULL,
        created_at    INTEGER NOT NULL
      )""",
      "CREATE INDEX summaries_by_session ON summaries (self_id, chat_type, peer_id, id)",
      // Partial indexes stay small: only rows still waiting for a summary / a claim / pruning.
      "CREATE INDEX messages_unsummarized ON messages (self_id, chat_type, peer_id, id)"
          + " WHERE summarized = 0",
      "CREATE INDEX messages_claimed ON messages (claim_id) WHERE claim_id IS NOT NULL",
      "CREATE INDEX messages_raw_kept ON messages (received_at) WHERE raw_json IS NOT NULL");

  /**
   * Version 3: the group each user last spoke in, per bot, as a small table of its own. It replaces
   * the index messages_by_sender, which existed only for that question: an index over every
   * message, keyed by sender, takes a random-position insert per message, and with a few hundred
   * active speakers that was a third of a commit's dirty pages (1k-session benchmark, issue 5).
   * The backfill takes each (bot, sender)'s newest received group message.
   */
  static final List<String> V3 = List.of(
      """
      CREATE TABLE user_last_group (
        self_id      INTEGER NOT NULL,
        user_id      INTEGER NOT NULL,
        group_id     INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,   -- received_at of that message, epoch ms
        PRIMARY KEY (self_id, user_id)
      ) WITHOUT ROWID""",
      // SQLite takes a bare column of an aggregate query from the row holding the max().
      """
      INSERT INTO user_last_group (self_id, user_id, group_id, last_seen_at)
        SELECT self_id, sender_id, peer_id, received_at FROM (
          SELECT self_id, sender_id, peer_id, received_at, max(id) FROM messages
          WHERE chat_type = 'group' AND status = 'received' GROUP BY self_id, sender_id)""",
      "DROP INDEX messages_by_sender");

  /**
   * Version 4: a per-session summary floor replaces the partial index messages_unsummarized.
   * That index had the same key as messages_by_session and, until a summary takes them, every new
   * row: a second random-position insert per message, the other third of a commit's dirty pages
   * with many active sessions. Claims now walk messages_by_session from the floor, the lowest id
   * that may still be unsummarized (rows only ever become summarized, new rows get higher ids, so
   * a floor moved up to the first unsummarized row stays true). Backfill: the first unsummarized
   * row, else one past the last row.
   */
  static final List<String> V4 = List.of(
      "ALTER TABLE sessions ADD COLUMN summary_floor INTEGER NOT NULL DEFAULT 0",
      """
      UPDATE sessions SET summary_floor = coalesce(
        (SELECT min(id) FROM messages m WHERE m.self_id = sessions.self_id
          AND m.chat_type = sessions.chat_type AND m.peer_id = sessions.peer_id
          AND m.summarized = 0),
        (SELECT max(id) + 1 FROM messages m WHERE m.self_id = sessions.self_id
          AND m.chat_type = sessions.chat_type AND m.peer_id = sessions.peer_id),
        0)""",
      "DROP INDEX messages_unsummarized");

  /**
   * Version 5: duplicates by identity, not by NapCat's 31-bit message id alone (issue 13).
   *
   * <p>Messages: unique by identity, not by id. Two different messages of one bot may share a
   * {@code message_id} (31 bits of an MD5: past ~55,000 messages a collision is more likely than
   * not); a row is a duplicate only when the same chat, id, sender and event time are stored. The
   * new unique index leads with (self_id, message_id), so it also serves look-ups by id. The
   * bot's own sends and their {@code message_sent} echo differ in time (our clock against QQ's):
   * {@link MessageIdentity} matches those with a tolerance. Existing rows stay as they are (they
   * were unique by id, so they are unique by identity).
   *
   * <p>Notices: NapCat reports some twice. A notice's identity is its type, sub-type, group,
   * user, operator, event time and, where it names one (recalls), the message id, kept in a new
   * column taken from its JSON. A unique index over that identity (NULLs folded, so a private
   * notice's missing group still compares equal) turns a second report away; duplicates already
   * stored are removed first (the earliest row of each identity stays), or the index could not
   * be built.
   */
  static final List<String> V5 = List.of(
      "DROP INDEX messages_by_message_id",
      "CREATE UNIQUE INDEX messages_by_identity ON messages"
          + " (self_id, message_id, chat_type, peer_id, sender_id, event_time)",
      "ALTER TABLE notices ADD COLUMN message_id INTEGER",
      "UPDATE notices SET message_id = " + Sql.noticeMessageId("detail_json"),
      "DELETE FROM notices WHERE id NOT IN (SELECT min(id) FROM notices GROUP BY "
          + Sql.NOTICE_IDENTITY + ")",
      "CREATE UNIQUE INDEX notices_by_identity ON notices (" + Sql.NOTICE_IDENTITY + ")");

  /**
   * Version 6: which received messages a reply or a pass consumed (issue 13, answered exactly
   * once across restarts). NULL = not consumed; a restart re-buffers summoned messages younger
   * than session.stale_after that are still NULL. No index of its own: that start-up read walks
   * messages_by_received over the last minutes, and a redelivery's check goes through
   * messages_by_identity. Rows of the last day are marked consumed at the upgrade: the previous
   * build answered them or let them go, and which is not known; answering them now could answer
   * twice (older rows are past any stale_after that matters and are left alone, so the upgrade
   * does not rewrite a large file).
   */
  static final List<String> V6 = List.of(
      "ALTER TABLE messages ADD COLUMN consumed_at INTEGER",
      "UPDATE messages SET consumed_at = received_at WHERE status = 'received'"
          + " AND received_at >= (CAST(strftime('%s', 'now') AS INTEGER) - 86400) * 1000");

  /**
   * Version 8: where a message came from (issue 13, backfill): {@code live} (pushed on the socket,
   * and every row before this version) or {@code backfill} (fetched from the implementation's
   * history after a reconnect; such rows are never answered). A constant default, so adding the
   * column rewrites nothing.
   */
  static final List<String> V8 = List.of(
      "ALTER TABLE messages ADD COLUMN origin TEXT NOT NULL DEFAULT 'live'"
          + " CHECK (origin IN ('live', 'backfill'))");

  /**
   * A conversation in the order it was said (edges): history backfilled after an outage is
   * stored after the live messages of the reconnect, so reads for context and the messages API
   * order by event time, then row id, and walk this index instead of sorting the conversation.
   * Self-contained (one index): numbered after whatever version precedes it when merged.
   * Replaced by version 12 (it cost every stored message an index entry).
   */
  static final List<String> SESSION_TIME = List.of(
      "CREATE INDEX messages_by_session_time ON messages"
          + " (self_id, chat_type, peer_id, event_time, id)");

  /**
   * Version 12: event-time order for backfilled rows only. Live rows are stored in the order they
   * were said, so row id orders them (messages_by_session); only history stored after the
   * reconnect needs its event time, and a partial index keeps that cost to backfilled rows — the
   * full index of version 10 cost every message an entry (1k-session ingest 20-35% lower in
   * bench service A/B runs).
   */
  static final List<String> BACKFILL_TIME = List.of(
      "DROP INDEX IF EXISTS messages_by_session_time",
      "CREATE INDEX messages_backfill_by_time ON messages"
          + " (self_id, chat_type, peer_id, event_time, id) WHERE origin = 'backfill'");

  /** All versions, index 0 = version 1. */
  public static final List<List<String>> VERSIONS = List.of(V1, V2, V3, V4, V5, V6,
      MemorySchema.V7, V8, MemorySchema.V9, SESSION_TIME, MemorySchema.V11, BACKFILL_TIME);

  /** The version this build writes. */
  public static final int LATEST = VERSIONS.size();

  private Migrations() {}
}
