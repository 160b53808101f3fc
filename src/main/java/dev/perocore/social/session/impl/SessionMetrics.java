package dev.perocore.social.session.impl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The session layer's metrics, one instance shared by every shard (Micrometer keeps one meter per
 * name and tags). Brain decisions are counted by the brain itself
 * ({@code social_brain_decisions_total}); here we count what the session did with them.
 */
public final class SessionMetrics {

  /** {@code social_reply_parts_total{outcome}}: a part sent, failed, or dropped unsent. */
  static final String PART_SENT = "sent";
  static final String PART_FAILED = "failed";
  static final String PART_DROPPED = "dropped";
  /** {@code social_reply_typing_total{result}}: the typing status sent, failed, or skipped. */
  static final String TYPING_SENT = "sent";
  static final String TYPING_FAILED = "failed";
  static final String TYPING_SKIPPED = "skipped";

  private final MeterRegistry registry;
  private final AtomicLong active = new AtomicLong();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  /** Pre-bound: a flush and its outcome count without a String-keyed lookup (issue 12). */
  private final Map<FlushTrigger, Counter> flushes = new EnumMap<>(FlushTrigger.class);
  private final Map<ReplyOutcome, Counter> replies = new EnumMap<>(ReplyOutcome.class);
  private final Counter stale;
  private final Timer latency;
  private final Timer brainWait;

  public SessionMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("social.sessions.active", active, AtomicLong::get)
        .description("Sessions held in memory by the session shards (evicted when idle)")
        .register(registry);
    latency = Timer.builder("social.reply.latency")
        .description("From the start of a flush to the reply's send acknowledgement")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(5))
        .register(registry);
    stale = Counter.builder("social.session.stale.messages")
        .description("Messages older than session.stale_after when they arrived: stored, in"
            + " context, never answered")
        .register(registry);
    brainWait = Timer.builder("social.session.brain.wait")
        .description("How long a flush waited for the brain's decision (session side)")
        .register(registry);
    for (String source : List.of(REBUFFER_STARTUP, REBUFFER_REDELIVERY)) {
      rebufferCounter(source);
    }
    for (FlushTrigger trigger : FlushTrigger.values()) {
      flushes.put(trigger, flushCounter(trigger.label()));
    }
    for (ReplyOutcome outcome : ReplyOutcome.values()) {
      replies.put(outcome, replyCounter(outcome.label()));
    }
    for (String part : List.of("history", "related_users", "latest_group")) {
      missingCounter(part);
    }
    for (String outcome : List.of(PART_SENT, PART_FAILED, PART_DROPPED)) {
      partCounter(outcome);
    }
    for (String result : List.of(TYPING_SENT, TYPING_FAILED, TYPING_SKIPPED)) {
      typingCounter(result);
    }
  }

  /**
   * {@code social_session_rebuffered_messages_total{source}}: a stored message no reply or pass
   * consumed, buffered again to be answered once: re-read at start-up ({@code startup}), or sent
   * again by the implementation ({@code redelivery}).
   */
  static final String REBUFFER_STARTUP = "startup";
  static final String REBUFFER_REDELIVERY = "redelivery";

  private Counter rebufferCounter(String source) {
    return counters.computeIfAbsent("rebuffered:" + source, k ->
        Counter.builder("social.session.rebuffered.messages")
            .description("Stored messages not yet answered, buffered again to be answered once"
                + " (after a restart, or redelivered)")
            .tag("source", source)
            .register(registry));
  }

  void rebuffered(String source, int messages) {
    rebufferCounter(source).increment(messages);
  }

  void staleMessage() {
    stale.increment();
  }

  public void sessionAdded() {
    active.incrementAndGet();
  }

  public void sessionRemoved() {
    active.decrementAndGet();
  }

  public long activeSessions() {
    return active.get();
  }

  void flush(FlushTrigger trigger) {
    flushes.get(trigger).increment();
  }

  void reply(ReplyOutcome outcome) {
    replies.get(outcome).increment();
  }

  public void missing(String part) {
    missingCounter(part).increment();
  }

  public void replyLatency(long nanos) {
    latency.record(Duration.ofNanos(nanos));
  }

  public void brainWait(long nanos) {
    brainWait.record(Duration.ofNanos(nanos));
  }

  void parts(String outcome, int count) {
    partCounter(outcome).increment(count);
  }

  void typing(String result) {
    typingCounter(result).increment();
  }

  private Counter partCounter(String outcome) {
    return counters.computeIfAbsent("part:" + outcome, k -> Counter.builder("social.reply.parts")
        .description("Messages of split replies: sent, failed, or dropped unsent (a newer message"
            + " with on_new_message preempt, an earlier part failed, or the bot was muted)")
        .tag("outcome", outcome).register(registry));
  }

  private Counter typingCounter(String result) {
    return counters.computeIfAbsent("typing:" + result, k -> Counter.builder("social.reply.typing")
        .description("Typing status (set_input_status) before private reply parts: sent, failed"
            + " (ignored), skipped (the bot's implementation does not support it)")
        .tag("result", result).register(registry));
  }

  private Counter flushCounter(String trigger) {
    return counters.computeIfAbsent("flush:" + trigger, k -> Counter.builder("social.session.flushes")
        .description("Session flushes by trigger (idle, size, summon, proactive)")
        .tag("trigger", trigger).register(registry));
  }

  private Counter replyCounter(String outcome) {
    return counters.computeIfAbsent("reply:" + outcome, k -> Counter.builder("social.replies")
        .description("What became of each flush: sent, failed, passed, preempted, timeout, error")
        .tag("outcome", outcome).register(registry));
  }

  private Counter missingCounter(String part) {
    return counters.computeIfAbsent("missing:" + part, k -> Counter.builder(
            "social.context.parts.missing")
        .description("Context parts left out of a brain request because their read failed or was late")
        .tag("part", part).register(registry));
  }
}
