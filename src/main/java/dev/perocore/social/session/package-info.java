/**
 * The social adapter proper: sessions keyed by (bot, private|group, peer), each owned by exactly
 * one event loop (sharded over session verticle instances), their buffers and timers, the context
 * built for a reply, the brain's decision, the reply sent and stored; notices, requests, summaries
 * and proactive scans. Talks to {@code onebot} and {@code brain} over the event bus and to {@code
 * store} directly. No locks: ownership instead.
 */
package dev.perocore.social.session;
