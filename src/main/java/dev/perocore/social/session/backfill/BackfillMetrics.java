package dev.perocore.social.session.backfill;

import dev.perocore.social.onebot.history.BackfillOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code social_backfill_messages_total} (messages recovered: new rows stored from history) and
 * {@code social_backfill_chats_total{outcome}} (complete, capped, failed, unsupported), every
 * outcome registered at zero so the BackfillFailing rule's ratio exists from start-up.
 */
final class BackfillMetrics {

  private final Counter messages;
  private final Map<BackfillOutcome, Counter> chats = new EnumMap<>(BackfillOutcome.class);

  BackfillMetrics(MeterRegistry registry) {
    messages = Counter.builder("social.backfill.messages")
        .description("Messages fetched from a bot's history after a (re)connect and stored"
            + " (origin backfill; repeats of stored rows are not counted)")
        .register(registry);
    for (BackfillOutcome outcome : BackfillOutcome.values()) {
      chats.put(outcome, Counter.builder("social.backfill.chats")
          .description("Chats whose missed history was fetched after a (re)connect, by outcome")
          .tag("outcome", outcome.label())
          .register(registry));
    }
  }

  void stored(int count) {
    messages.increment(count);
  }

  void chat(BackfillOutcome outcome) {
    chats.get(outcome).increment();
  }
}
