/**
 * The SQLite store: one writer connection (group commit), a reader pool, background checkpoints.
 * {@link dev.perocore.social.store.impl.SqliteStore} is the {@link dev.perocore.social.store.Store}
 * and only opens, wires and closes; each concern below lives in its own file.
 *
 * <p>Where things happen:
 * <ul>
 *   <li>Opening (folder, pools, migrations, claims of a previous run released) and shutdown —
 *       {@link dev.perocore.social.store.impl.SqliteStore}; the pools and connection threads it
 *       opens and closes together — {@link dev.perocore.social.store.impl.Connections}.
 *   <li>Writes — {@link dev.perocore.social.store.impl.Writes} turns each of the store's writes
 *       into a row for the group commit or a timed operation.
 *   <li>Group commit — {@link dev.perocore.social.store.impl.Writer} queues
 *       {@link dev.perocore.social.store.impl.WriteItem}s (the closed set of what can be written)
 *       and drains them in batches; each batch is one BEGIN IMMEDIATE .. COMMIT task on the
 *       writer's {@link dev.perocore.social.store.impl.ConnectionThread}; the rows are written in
 *       plain JDBC by {@link dev.perocore.social.store.impl.RowWriter} on the connection's kept
 *       {@link dev.perocore.social.store.impl.Statements}; the users, groups, session activity
 *       and last groups the rows imply by {@link dev.perocore.social.store.impl.EntityUpserts},
 *       skipped where {@link dev.perocore.social.store.impl.CommittedFacts} (what the writer
 *       last committed per entity; last-seen times in 1 s steps) already holds them. Retries (busy, full, I/O:
 *       the database's trouble, kept and retried, never dropped), linger, queue_max refusals
 *       and splitting a batch a row made fail are all in {@code Writer}. A committed batch's
 *       callers are told by {@link dev.perocore.social.store.impl.CommitDelivery}: one task per
 *       caller context, not one per row.
 *   <li>Whether commits succeed — {@link dev.perocore.social.store.impl.CommitHealth}: failures
 *       counted by {@link dev.perocore.social.store.impl.CommitFailure} reason, the
 *       commits-failing gauge and readiness, one log line per episode past write_timeout, the WAL
 *       truncated after a full or I/O episode.
 *   <li>Where duplicates are dropped — messages by identity (bot, chat, message id, sender,
 *       event time): the unique index {@code messages_by_identity}, the bot's own messages
 *       matched to their echo with a tolerance by
 *       {@link dev.perocore.social.store.impl.MessageIdentity}; a row sharing only the id is
 *       stored and counted as an id collision. Notices and requests by unique indexes
 *       ({@code notices_by_identity}, requests' {@code UNIQUE (self_id, request_type, flag)},
 *       see {@code Migrations} v5 and v1) with {@code ON CONFLICT DO NOTHING} in
 *       {@link dev.perocore.social.store.impl.Sql}; {@code RowWriter} reads the update count 0
 *       as {@code DUPLICATE}. After the commit, {@code Writer} counts collisions and {@link
 *       dev.perocore.social.store.impl.CommitCounts} duplicates.
 *   <li>Transactions — {@link dev.perocore.social.store.impl.Transactions} (explicit SQL on the
 *       Vert.x connection, and why not {@code withTransaction}) and {@code ConnectionThread} (the
 *       same on a JDBC connection).
 *   <li>Reads — {@link dev.perocore.social.store.impl.Reads} (reader pool, timed, with deadlines;
 *       summary recall's SQL and ranking in {@link dev.perocore.social.store.impl.RecallQuery});
 *       result rows to records by column name — {@link dev.perocore.social.store.impl.RowMappers}.
 *   <li>Which received messages a reply or pass consumed (schema v6 {@code consumed_at}) —
 *       marked by a {@code ConsumeWrite} in a group commit after its batch's rows ({@link
 *       dev.perocore.social.store.impl.ConsumeMarks}), or written with the row as it is
 *       inserted ({@code MessageRow.consumedAt}, brain.kind none); what a restart still owes,
 *       and whether one message was consumed — {@code Reads}.
 *   <li>Claims and summaries (claim, release, store a summary with its participants, summary
 *       floor) — {@link dev.perocore.social.store.impl.Claims}.
 *   <li>Checkpoints (periodic PASSIVE beside commits, then on the writer; TRUNCATE over
 *       wal_max_bytes and at shutdown; the WAL size gauge) —
 *       {@link dev.perocore.social.store.impl.Checkpointer}.
 *   <li>Retention (old rows deleted, raw JSON pruned, in small steps) —
 *       {@link dev.perocore.social.store.impl.Housekeeping}; backups —
 *       {@link dev.perocore.social.store.impl.Backup}.
 *   <li>Received images linked to their cached files ({@code message_media}, version 9): the
 *       link write and read in {@code Writes}/{@code Reads}; a user's links go with their
 *       history ({@code UserHistory}, which names the files no one else links).
 *   <li>Schema and migrations — {@link dev.perocore.social.store.impl.Migrations} (the versions,
 *       v10 the conversation-time index, replaced by v12 for backfilled rows only; issue 15's —
 *       recall 7, media 9, summary participants 11 — in {@link
 *       dev.perocore.social.store.impl.MemorySchema}) and {@link
 *       dev.perocore.social.store.impl.Migrator} (applies them); {@code OpenFailures}
 *       turns a failed open into the one start-up line (unwritable, corrupt, newer schema + fix).
 *   <li>Every statement — {@link dev.perocore.social.store.impl.Sql}; pragmas set on every
 *       connection — {@link dev.perocore.social.store.impl.DataSources}; busy/locked errors —
 *       {@link dev.perocore.social.store.impl.SqliteErrors}; meters —
 *       {@link dev.perocore.social.store.impl.StoreMetrics}.
 * </ul>
 */
package dev.perocore.social.store.impl;
