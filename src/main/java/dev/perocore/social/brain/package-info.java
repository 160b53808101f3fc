/**
 * The brain: decides whether and what the bot answers, summarizes conversations for memory, and
 * judges friend requests and group invites.
 *
 * <p>It answers on the event bus ({@link dev.perocore.social.brain.BrainAddresses}) with plain
 * records passed by reference in one JVM and as versioned JSON to a brain node on the cluster
 * ({@link dev.perocore.social.guard.WireCodec}); callers use {@link
 * dev.perocore.social.brain.BrainClient}. {@link dev.perocore.social.brain.BrainVerticle} picks
 * the implementation from {@code brain.kind}: {@code llm} (an OpenAI-compatible endpoint and its
 * {@code brain.llm.fallbacks}, each behind its own circuit breaker), {@code echo} (demos, tests) or {@code none} (store and observe, never reply).
 * Implementations live in {@code impl}.
 *
 * <p>Depends only on {@code guard}; it knows nothing of OneBot or the store.
 */
package dev.perocore.social.brain;
