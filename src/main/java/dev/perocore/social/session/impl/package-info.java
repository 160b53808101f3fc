/**
 * The session state machine, one shard at a time. Each file is one part of it; every part runs on
 * the owning verticle's event loop and shares the shard's {@link
 * dev.perocore.social.session.impl.SessionTable}, so there are no locks.
 *
 * <p>The flow of a message, and where each step is:
 * <ol>
 *   <li><b>Arrives</b> on the shard's event-bus address: {@code SessionVerticle} hands it to
 *       {@code Shard.onEvent}, which dispatches messages and notices ({@code Shard.java}, which
 *       also wires the parts, starts and stops them).
 *   <li><b>Append</b>: stored at once as a {@code session.store.append} task; answerable? summons
 *       the bot? decided on arrival ({@code MessageIntake.java}, rules in {@code
 *       SummonRules.java}). Beside it, the message's images are downloaded into the media cache
 *       and linked to it in the store, a {@code session.media} task ({@code MediaIntake.java}).
 *   <li><b>Buffer</b>: when the store says the message is new it joins the session's buffer
 *       (kept with the rest of the reply machinery's bookkeeping in {@code ReplyState.java}, which
 *       a session gets on first use: a stored-only session is its {@code SessionState.java} alone)
 *       in arrival order whatever order the appends end in ({@code
 *       AppendOrder.java}), counts toward the next summary ({@code Summarizer.java},
 *       which also runs it) and, with {@code on_new_message: preempt}, cancels a flight not yet
 *       sending ({@code ReplyFlight.preempt}).
 *   <li><b>Timer</b>: idle, summon and size triggers, and the summon-due sequence that waits for
 *       pending appends ({@code FlushTimers.java}; the triggers are {@code FlushTrigger.java}).
 *   <li><b>Slot</b>: one flight per session (a trigger during one follows it), at most {@code
 *       max_flushes} per shard, the rest queued ({@code FlushSlots.java}).
 *   <li><b>Flight</b>: take the buffer, build the context ({@code ContextBuilder.java}: history
 *       with notices as {@code [系统]} lines ({@code NoticeLines.java}), recalled summaries ({@code
 *       Recalled.java}), the group's name ({@code GroupNames.java}: {@code get_group_info}, kept an
 *       hour), opt-in cross-chat parts; with {@code brain.llm.vision} the newest images
 *       as data URLs, after the session's downloads in flight: {@code FlushImages.java}), ask the
 *       brain, send the reply, as a {@code session.flush} task ({@code ReplyFlight.java}; its
 *       state is {@code Flight.java}). The answer is cut into parts ({@code ReplySplit.java})
 *       and delivered part by part after typing pauses, quoting the answered message in groups
 *       ({@code ReplyDelivery.java}); each message's segments are built from the brain's parts,
 *       checked against the flush ({@code ReplySegments.java}; stickers from {@code
 *       StickerIndex.java}, read once at start-up).
 *   <li><b>Consumed</b>: once the brain has decided (a reply or a pass), before anything is sent,
 *       the flight's messages are marked consumed in the store ({@code Consumption.java}); a
 *       redelivery of a consumed message is not answered, of an unconsumed one it is, once
 *       ({@code MessageIntake.java}).
 *   <li><b>Reply</b>: the outcome is counted ({@code ReplyOutcome.java}, {@code
 *       SessionMetrics.java}) and the slot goes to the session's follow-up or the next waiting
 *       session ({@code FlushSlots.java}).
 * </ol>
 *
 * <p>Beside that flow:
 * <ul>
 *   <li><b>Notices</b> are stored ({@code NoticeIntake.java}); a mute of the bot pauses its replies
 *       in that group and tells the owner ({@code MuteWatch.java}).
 *   <li><b>Proactive scans</b> poke quiet, recently active sessions ({@code ProactiveScan.java}).
 *   <li><b>Eviction</b>: a periodic sweep ({@code Shard.java}) forgets quiescent idle sessions;
 *       every change of a session is published to the session directory ({@code
 *       SessionTable.java}).
 *   <li><b>Restarts</b>: at start, before the shard takes events, summoned messages an earlier run
 *       stored and never consumed (younger than {@code session.stale_after}) are buffered again
 *       ({@code Rebuffer.java}); at stop, what is still buffered stays stored and unconsumed for
 *       the next start, said in one line per shard ({@code Shard.stopped}).
 *   <li><b>{@code brain.kind none}</b> never answers: a message is stored already consumed and
 *       stops after the append (no buffer, timer, flight or consume write: {@code
 *       MessageIntake.java}); summoned leftovers of an earlier run with a brain that answers are
 *       marked consumed at start instead of re-buffered ({@code Rebuffer.java}).
 *   <li>Which session an event belongs to: {@code EventKeys.java}; chat lines for the brain:
 *       {@code ChatLines.java}.
 * </ul>
 */
package dev.perocore.social.session.impl;
