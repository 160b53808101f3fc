/**
 * The conversation store, seen from outside: SQLite behind a small asynchronous face. Knows nothing
 * about WebSockets or sessions.
 *
 * <p>What is here:
 * <ul>
 *   <li>{@link dev.perocore.social.store.Store} — the interface everyone uses: appends (group
 *       commit, completing on commit), reads (each with a named deadline), claims and summaries,
 *       request resolution, admin (backup, housekeeping, checkpoints).
 *   <li>{@link dev.perocore.social.store.StoreVerticle} — owns the store: opens it on start;
 *       on undeploy stops intake, commits what is queued, checkpoints, closes.
 *   <li>{@link dev.perocore.social.store.StoreConfig} — the {@code store.*} settings.
 *   <li>Rows written: {@link dev.perocore.social.store.MessageRow},
 *       {@link dev.perocore.social.store.NoticeRow}, {@link dev.perocore.social.store.RequestRow};
 *       rows read: {@link dev.perocore.social.store.StoredMessage},
 *       {@link dev.perocore.social.store.StoredRequest},
 *       {@link dev.perocore.social.store.PendingRequest},
 *       {@link dev.perocore.social.store.SummaryRow},
 *       {@link dev.perocore.social.store.SessionActivity}, {@link dev.perocore.social.store.Claim};
 *       a received message by identity, to mark or ask whether a reply consumed it: {@link
 *       dev.perocore.social.store.MessageRef};
 *       a conversation's identity: {@link dev.perocore.social.chat.ChatKey}; closed sets as
 *       enums: {@link dev.perocore.social.chat.ChatType},
 *       {@link dev.perocore.social.store.MessageStatus},
 *       {@link dev.perocore.social.store.AppendResult},
 *       {@link dev.perocore.social.store.RequestResolution}.
 *   <li>Failures callers may see: {@link dev.perocore.social.store.StoreOverloadedException}
 *       (an operation past store.queue_max; rows are never refused for it: the queue's depth feeds
 *       {@code StoreVerticle.pressure()}, which the gateway follows), {@link dev.perocore.social.store.StoreClosedException} (shut down),
 *       {@link dev.perocore.social.store.StoreOpenException} (one line naming store.path).
 *   <li>{@link dev.perocore.social.store.StoreBenchmark} — the store's own throughput benchmark.
 * </ul>
 *
 * <p>How it works inside is mapped in {@code impl}'s package documentation.
 */
package dev.perocore.social.store;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.chat.ChatType;
