package dev.perocore.social.store.impl;

/**
 * Every statement the store runs, in one place, so the query-plan test can check each hot one
 * against the real schema.
 */
public final class Sql {

  private Sql() {}

  static final String MESSAGE_COLUMNS = "id, self_id, chat_type, peer_id, message_id, status,"
      + " retcode, sender_id, sender_name, content_cq, content_json, event_time, received_at,"
      + " summarized, origin";

  // ---- writes ----

  /**
   * A redelivery conflicts with messages_by_identity (version 5): nothing is written. raw_json is
   * bound as the frame's UTF-8 bytes and cast, so it is stored as TEXT (json_extract reads it;
   * a BLOB there would be taken for JSONB) without a String made of it (RawJson).
   */
  public static final String INSERT_MESSAGE = "INSERT INTO messages (self_id, chat_type, peer_id,"
      + " message_id, status, retcode, sender_id, sender_name, content_cq, content_json,"
      + " event_time, received_at, raw_json, origin, consumed_at)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), ?, ?)"
      + " ON CONFLICT DO NOTHING";

  /**
   * The rows of one chat that already carry a message id: few (usually none), found through
   * messages_by_identity. Parameters: self_id, message_id, chat_type, peer_id.
   */
  public static final String MESSAGES_WITH_ID = "SELECT sender_id, event_time FROM messages"
      + " INDEXED BY messages_by_identity WHERE self_id = ? AND message_id = ? AND chat_type = ? AND peer_id = ?";

  static final String LAST_MESSAGE_ID = "SELECT max(id) FROM messages";

  /**
   * Rows written after id ? that share bot, chat and message id with an earlier row: a new range
   * of the primary key, one probe of messages_by_identity each. INDEXED BY because the planner
   * otherwise takes messages_by_session for {@code o.id < m.id} and walks the chat's whole
   * history for every new row (measured: store benchmark 9k instead of 55k rows/s).
   */
  public static final String COUNT_ID_COLLISIONS = "SELECT count(*) FROM messages m WHERE m.id > ?"
      + " AND m.message_id IS NOT NULL AND EXISTS (SELECT 1 FROM messages o"
      + " INDEXED BY messages_by_identity"
      + " WHERE o.self_id = m.self_id AND o.message_id = m.message_id"
      + " AND o.chat_type = m.chat_type AND o.peer_id = m.peer_id AND o.id < m.id)";

  /**
   * A notice's identity, the key of the unique index notices_by_identity: NULLs folded to a value
   * because a UNIQUE index treats every NULL as distinct (a private notice has no group).
   */
  static final String NOTICE_IDENTITY = "self_id, notice_type, coalesce(sub_type, ''),"
      + " coalesce(group_id, 0), coalesce(user_id, 0), coalesce(operator_id, 0), event_time,"
      + " coalesce(message_id, 0)";

  /** The message id a notice's JSON names (a recall's), or NULL; invalid JSON names none. */
  static String noticeMessageId(String json) {
    return "CASE WHEN json_valid(" + json + ") THEN CAST(json_extract(" + json
        + ", '$.message_id') AS INTEGER) END";
  }

  /** A second report of a stored notice conflicts with notices_by_identity: nothing is written. */
  static final String INSERT_NOTICE = "INSERT INTO notices (self_id, notice_type, sub_type,"
      + " group_id, user_id, operator_id, detail_json, event_time, received_at, message_id)"
      + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, " + noticeMessageId("?7") + ")"
      + " ON CONFLICT DO NOTHING";

  static final String INSERT_REQUEST = "INSERT INTO requests (self_id, request_type, sub_type,"
      + " user_id, group_id, comment, flag, event_time, received_at)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

  /** Records an open request's resolution; one already recorded is left as it is (0 rows). */
  public static final String RESOLVE_REQUEST = "UPDATE requests SET resolution = ?,"
      + " resolved_at = ?, resolution_note = ? WHERE self_id = ? AND request_type = ? AND flag = ?"
      + " AND resolution IS NULL";

  public static final String UPSERT_USER = "INSERT INTO users (user_id, nickname, first_seen_at,"
      + " last_seen_at) VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
      + " nickname = COALESCE(excluded.nickname, users.nickname),"
      + " last_seen_at = MAX(users.last_seen_at, excluded.last_seen_at)";

  public static final String UPSERT_GROUP = "INSERT INTO groups (group_id, name, first_seen_at,"
      + " last_seen_at) VALUES (?, ?, ?, ?) ON CONFLICT (group_id) DO UPDATE SET"
      + " name = COALESCE(excluded.name, groups.name),"
      + " last_seen_at = MAX(groups.last_seen_at, excluded.last_seen_at)";

  /** A later message wins; on a tie in time, the later batch (the later write) does. */
  public static final String UPSERT_LAST_GROUP = "INSERT INTO user_last_group (self_id, user_id,"
      + " group_id, last_seen_at) VALUES (?, ?, ?, ?) ON CONFLICT (self_id, user_id) DO UPDATE SET"
      + " group_id = excluded.group_id, last_seen_at = excluded.last_seen_at"
      + " WHERE excluded.last_seen_at >= user_last_group.last_seen_at";

  public static final String UPSERT_SESSION = "INSERT INTO sessions (self_id, chat_type, peer_id,"
      + " last_active_at) VALUES (?, ?, ?, ?) ON CONFLICT (self_id, chat_type, peer_id)"
      + " DO UPDATE SET last_active_at = MAX(sessions.last_active_at, excluded.last_active_at)";

  // ---- claims and summaries ----

  /** The session's summary floor; 0 for a session without a sessions row (walks from its start). */
  private static final String FLOOR = "coalesce((SELECT summary_floor FROM sessions"
      + " WHERE self_id = ? AND chat_type = ? AND peer_id = ?), 0)";

  /** Parameters: claim id, session (self_id, chat_type, peer_id) twice, limit. */
  public static final String CLAIM = "UPDATE messages SET claim_id = ? WHERE id IN (SELECT id"
      + " FROM messages WHERE self_id = ? AND chat_type = ? AND peer_id = ? AND id >= " + FLOOR
      + " AND summarized = 0 AND claim_id IS NULL ORDER BY id LIMIT ?) RETURNING "
      + MESSAGE_COLUMNS;

  /**
   * After a summary: moves the session's floor up to its first row still unsummarized (or one
   * past its last row). Parameters: the session three times (first unsummarized, last row, which
   * sessions row). Walks only the rows between the old floor and the first unsummarized one.
   */
  public static final String ADVANCE_FLOOR = "UPDATE sessions SET summary_floor = coalesce("
      + "(SELECT id FROM messages WHERE self_id = ? AND chat_type = ? AND peer_id = ?"
      + " AND id >= sessions.summary_floor AND summarized = 0 ORDER BY id LIMIT 1),"
      + " (SELECT id + 1 FROM messages WHERE self_id = ? AND chat_type = ? AND peer_id = ?"
      + " ORDER BY id DESC LIMIT 1), summary_floor)"
      + " WHERE self_id = ? AND chat_type = ? AND peer_id = ?";

  public static final String RELEASE = "UPDATE messages SET claim_id = NULL WHERE claim_id = ?";

  public static final String RELEASE_ALL = "UPDATE messages SET claim_id = NULL"
      + " WHERE claim_id IS NOT NULL";

  public static final String MARK_SUMMARIZED = "UPDATE messages SET summarized = 1,"
      + " claim_id = NULL WHERE claim_id = ?";

  static final String INSERT_SUMMARY = "INSERT INTO summaries (self_id, chat_type, peer_id,"
      + " summary, keywords, first_row_id, last_row_id, message_count, created_at)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

  /**
   * Marks one received message consumed (version 6), found through messages_by_identity.
   * Parameters: consumed_at, self_id, message_id, chat_type, peer_id, sender_id, event_time.
   */
  public static final String CONSUME = "UPDATE messages SET consumed_at = ?"
      + " WHERE self_id = ? AND message_id = ? AND chat_type = ? AND peer_id = ? AND sender_id = ?"
      + " AND event_time = ? AND consumed_at IS NULL";

  // ---- reads ----

  /** Whether a message was consumed: one row (consumed_at may be NULL) or none if not stored. */
  public static final String CONSUMED = "SELECT consumed_at FROM messages"
      + " WHERE self_id = ? AND message_id = ? AND chat_type = ? AND peer_id = ? AND sender_id = ?"
      + " AND event_time = ?";

  /**
   * Received messages not consumed whose event time is at or after ?, over the rows received
   * since ? (messages_by_received; the caller passes a window wide enough for clock skew).
   * Ordered by received_at, the index's order: the caller sorts by id. Live rows only: a row
   * fetched by the history backfill is never answered, before a restart or after it.
   */
  public static final String UNCONSUMED = "SELECT " + MESSAGE_COLUMNS + " FROM messages"
      + " WHERE received_at >= ? AND status = 'received' AND consumed_at IS NULL"
      + " AND origin = 'live' AND event_time >= ? AND sender_id != self_id"
      + " ORDER BY received_at LIMIT ?";

  /**
   * The latest messages of a session, as two ordered runs the caller merges by event time, then
   * row id ({@code Reads}): live rows by row id (they are stored in the order they were said, so
   * messages_by_session serves them), backfilled rows by event time (history stored after the
   * reconnect's live rows, through the partial index of version 12, which live rows never enter:
   * a full event-time index cost every stored message a fifth index entry — 20-35% of the ingest
   * with 1k sessions). Parameters: the session and the limit, twice.
   */
  public static final String RECENT = "SELECT * FROM (SELECT " + MESSAGE_COLUMNS + " FROM messages"
      + " WHERE self_id = ? AND chat_type = ? AND peer_id = ? AND origin = 'live'"
      + " ORDER BY id DESC LIMIT ?) UNION ALL SELECT * FROM (SELECT " + MESSAGE_COLUMNS
      + " FROM messages WHERE self_id = ? AND chat_type = ? AND peer_id = ?"
      + " AND origin = 'backfill' ORDER BY event_time DESC, id DESC LIMIT ?)";

  public static final String LATEST_GROUP = "SELECT group_id FROM user_last_group"
      + " WHERE self_id = ? AND user_id = ?";

  public static final String SESSIONS_BY_ACTIVITY = "SELECT self_id, chat_type, peer_id,"
      + " last_active_at FROM sessions WHERE self_id = ? AND chat_type = ?"
      + " ORDER BY last_active_at DESC LIMIT ?";

  public static final String SEARCH = "SELECT " + MESSAGE_COLUMNS + " FROM messages"
      + " WHERE self_id = ? AND chat_type = ? AND peer_id = ? AND content_cq LIKE ? ESCAPE '\\'"
      + " ORDER BY id DESC LIMIT ?";

  /** Parameters: the session twice. */
  public static final String COUNT_UNSUMMARIZED = "SELECT count(*) FROM messages"
      + " WHERE self_id = ? AND chat_type = ? AND peer_id = ? AND id >= " + FLOOR
      + " AND summarized = 0 AND claim_id IS NULL";

  public static final String SUMMARIES = "SELECT self_id, chat_type, peer_id, summary, keywords,"
      + " first_row_id, last_row_id, message_count, created_at FROM summaries"
      + " WHERE self_id = ? AND chat_type = ? AND peer_id = ? ORDER BY id DESC LIMIT ?";

  public static final String PENDING_REQUESTS = "SELECT id, self_id, request_type, sub_type,"
      + " user_id, group_id, comment, flag, event_time, received_at FROM requests"
      + " WHERE self_id = ? AND resolution IS NULL ORDER BY id LIMIT ?";

  /** Walks the partial index of open requests only (admin listing), so no table scan. */
  public static final String PENDING_REQUESTS_ALL = "SELECT id, self_id, request_type, sub_type,"
      + " user_id, group_id, comment, flag, event_time, received_at FROM requests"
      + " INDEXED BY requests_pending WHERE resolution IS NULL ORDER BY self_id, id LIMIT ?";

  public static final String REQUEST_BY_ID = "SELECT id, self_id, request_type, sub_type,"
      + " user_id, group_id, comment, flag, event_time, received_at, resolution, resolved_at,"
      + " resolution_note FROM requests WHERE id = ?";

  /**
   * Older than a row in RECENT's order (event time, then row id), as RECENT's two runs; a row no
   * longer stored (retention) has nothing before it. Parameters: the session, the row id to page
   * back from and the limit, twice.
   */
  public static final String BEFORE = "SELECT * FROM (SELECT " + MESSAGE_COLUMNS + " FROM messages"
      + " WHERE self_id = ? AND chat_type = ? AND peer_id = ? AND origin = 'live'"
      + " AND (event_time, id) < (SELECT event_time, id FROM messages WHERE id = ?)"
      + " ORDER BY id DESC LIMIT ?) UNION ALL SELECT * FROM (SELECT " + MESSAGE_COLUMNS
      + " FROM messages WHERE self_id = ? AND chat_type = ? AND peer_id = ?"
      + " AND origin = 'backfill'"
      + " AND (event_time, id) < (SELECT event_time, id FROM messages WHERE id = ?)"
      + " ORDER BY event_time DESC, id DESC LIMIT ?)";

  /**
   * Stored conversations (admin listing) with the peer's last-seen name; ?1 is a LIKE pattern
   * matched against the peer id and the name ('%' for all), ?2 the limit. Walks the sessions
   * table, one row per conversation, not the messages.
   */
  public static final String CONVERSATIONS = "SELECT self_id, chat_type, peer_id, last_active_at,"
      + " name FROM (SELECT s.self_id, s.chat_type, s.peer_id, s.last_active_at,"
      + " CASE s.chat_type WHEN 'group' THEN g.name ELSE u.nickname END AS name FROM sessions s"
      + " LEFT JOIN users u ON s.chat_type = 'private' AND u.user_id = s.peer_id"
      + " LEFT JOIN groups g ON s.chat_type = 'group' AND g.group_id = s.peer_id)"
      + " WHERE CAST(peer_id AS TEXT) LIKE ?1 ESCAPE '\\' OR name LIKE ?1 ESCAPE '\\'"
      + " ORDER BY last_active_at DESC LIMIT ?2";

  private static final String NOTICE_COLUMNS = "SELECT self_id, notice_type, sub_type, group_id,"
      + " user_id, operator_id, detail_json, event_time, received_at FROM notices";

  /** A group's newest notices (notices_by_group). Parameters: self id, group id, limit. */
  public static final String GROUP_NOTICES = NOTICE_COLUMNS
      + " WHERE self_id = ? AND group_id = ? ORDER BY id DESC LIMIT ?";

  /** A private chat's newest notices. Parameters: self id, user id, limit. */
  public static final String PRIVATE_NOTICES = NOTICE_COLUMNS
      + " WHERE self_id = ? AND group_id IS NULL AND user_id = ? ORDER BY id DESC LIMIT ?";

  // ---- housekeeping ----

  public static final String DELETE_OLD_MESSAGES = "DELETE FROM messages WHERE id IN (SELECT id"
      + " FROM messages WHERE received_at < ? ORDER BY received_at LIMIT ?)";

  public static final String DELETE_OLD_NOTICES = "DELETE FROM notices WHERE id IN (SELECT id"
      + " FROM notices WHERE received_at < ? ORDER BY received_at LIMIT ?)";

  public static final String DELETE_OLD_REQUESTS = "DELETE FROM requests WHERE id IN (SELECT id"
      + " FROM requests WHERE received_at < ? ORDER BY received_at LIMIT ?)";

  /** Summaries (their FTS rows and keywords go with them: triggers of version 6). */
  public static final String DELETE_OLD_SUMMARIES = "DELETE FROM summaries WHERE id IN (SELECT id"
      + " FROM summaries WHERE created_at < ? ORDER BY created_at LIMIT ?)";

  /** Image links (version 9) older than the messages retention keeps. */
  public static final String DELETE_OLD_MEDIA = "DELETE FROM message_media WHERE (self_id,"
      + " chat_type, peer_id, message_id, sender_id, seq) IN (SELECT self_id, chat_type, peer_id,"
      + " message_id, sender_id, seq FROM message_media WHERE created_at < ?"
      + " ORDER BY created_at LIMIT ?)";

  // ---- media (version 9) ----

  /** A redelivered message's links are the same links: the first stays. */
  public static final String INSERT_MEDIA = "INSERT OR IGNORE INTO message_media (self_id,"
      + " chat_type, peer_id, message_id, sender_id, seq, sha256, mime, size, created_at)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** The links of some messages of one chat. Parameters: self id, type, peer id, JSON id array. */
  public static final String MEDIA_OF = "SELECT message_id, sender_id, seq, sha256, mime, size"
      + " FROM message_media WHERE self_id = ? AND chat_type = ? AND peer_id = ?"
      + " AND message_id IN (SELECT value FROM json_each(?)) ORDER BY message_id, seq";

  public static final String PRUNE_RAW = "UPDATE messages SET raw_json = NULL WHERE id IN"
      + " (SELECT id FROM messages WHERE raw_json IS NOT NULL AND received_at < ?"
      + " ORDER BY received_at LIMIT ?)";
}
