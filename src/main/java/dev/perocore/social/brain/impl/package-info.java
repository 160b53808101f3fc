/**
 * The brains behind {@code social.brain}, one file each, and what the LLM one needs.
 *
 * <ul>
 *   <li>{@link dev.perocore.social.brain.impl.LlmBrain} — an OpenAI-compatible chat-completions
 *       endpoint and its fallbacks: one HTTP call per decision, summary or request verdict, each with its deadline,
 *       retried with backoff on 5xx/429/timeouts, behind a circuit breaker that turns an outage into
 *       fast passes instead of queued sessions.
 *   <li>{@link dev.perocore.social.brain.impl.LlmProviders} — the primary endpoint and {@code
 *       brain.llm.fallbacks} in order: a 429, 5xx, timeout, open circuit or Retry-After of one asks
 *       the next; rounds of the chain are the retries.
 *   <li>{@link dev.perocore.social.brain.impl.LlmProvider} — one endpoint: its HTTP attempt, its
 *       circuit breaker and gauge ({@code model} label), its Retry-After wait ({@link
 *       dev.perocore.social.brain.impl.RetryAfter}); {@link dev.perocore.social.brain.impl.Completions}
 *       reads the answer text out of a response.
 *   <li>{@link dev.perocore.social.brain.impl.Prompts} — the prompts (secretary, reply, summary,
 *       friend request) filled from {@link dev.perocore.social.brain.PromptTemplates}, and how a
 *       context becomes chat messages: {@link dev.perocore.social.brain.impl.ChatTurns} (alternating
 *       turns, each message once), {@link dev.perocore.social.brain.impl.CqReadable} (CQ codes as
 *       {@code @name}, {@code [图片]}, {@code [表情:name]}, ...; face names from {@link
 *       dev.perocore.social.brain.impl.FaceNames}).
 *   <li>{@link dev.perocore.social.brain.impl.LlmAnswers} — reads what a model wrote: silence words,
 *       reasoning blocks, the summary JSON, the request verdict; {@link
 *       dev.perocore.social.brain.impl.ReplyMarkup} turns the reply prompt's tokens ({@code [@id]},
 *       {@code [QUOTE:id]}, {@code [STICKER:name]}) into parts when they name what the request
 *       offers.
 *   <li>{@link dev.perocore.social.brain.impl.ReplyCleaner} — takes off what a model wraps around
 *       a reply (a speaker tag, quotes, echoed transcript lines), each kind counted by its {@link
 *       dev.perocore.social.brain.impl.OutputCleaning} label.
 *   <li>{@link dev.perocore.social.brain.impl.LlmFailure} — the closed set of ways a call fails and
 *       whether each one counts for the circuit.
 *   <li>{@link dev.perocore.social.brain.impl.EchoBrain} — demos and tests: answers with the last
 *       line when summoned.
 *   <li>{@link dev.perocore.social.brain.impl.NoneBrain} — store and observe, never answer.
 * </ul>
 *
 * <p>A brain's answer is data: the session sends reply text as a text segment, so nothing a model
 * writes can become a mention of everyone, a file read or a fetched URL.
 */
package dev.perocore.social.brain.impl;
