package dev.perocore.social.session.backfill;

import dev.perocore.social.onebot.history.BackfillOutcome;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;

/**
 * What an operator sees of one bot's latest backfill ({@code GET /api/v1/bots}, the console's bots
 * page): running or done, since when, how many messages it recovered and how its chats ended.
 * Immutable: written on the backfill's context, read by the admin API on any loop.
 */
record BackfillState(String state, Instant since, long recovered,
    Map<BackfillOutcome, Integer> chats) {

  static BackfillState running(Instant since) {
    return new BackfillState("running", since, 0, Map.of());
  }

  JsonObject json() {
    JsonObject outcomes = new JsonObject();
    chats.forEach((outcome, n) -> outcomes.put(outcome.label(), n));
    return new JsonObject().put("state", state).put("since", since.toString())
        .put("recovered", recovered).put("chats", outcomes);
  }
}
