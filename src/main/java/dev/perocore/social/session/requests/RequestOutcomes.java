package dev.perocore.social.session.requests;

import dev.perocore.social.session.SessionEvents;
import dev.perocore.social.store.RequestRow;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a decision on a request is made visible: a log line, the {@code social.requests} counter
 * (kind, decision, who decided) and an event on {@code social.events.request_outcome}. The desk
 * decides, on the arrival path and on the owner's; whatever decided, it is reported here the same
 * way, so a dashboard, a log search and a subscriber all see the same decisions.
 *
 * <p>{@code by} is who decided as the desk says it: {@code policy}, {@code admin}, {@code brain},
 * or {@code brain <failure>} when the brain gave no verdict; the counter's and the event's source
 * is {@code brain} for all of the latter, so the counter family stays small and the event carries
 * the failure as its detail. Used on the desk's context only.
 */
final class RequestOutcomes {

  /** The desk's log category: its decisions are its lines. */
  private static final Logger LOG = LoggerFactory.getLogger(RequestDesk.class);

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new HashMap<>();

  RequestOutcomes(MeterRegistry registry) {
    this.registry = registry;
    // The family exists from start-up: held and failed requests, by policy or brain, at zero.
    for (RequestKind kind : RequestKind.values()) {
      for (String source : List.of("policy", "brain")) {
        counter(kind, "held", source);
        counter(kind, "failed", source);
      }
    }
  }

  /** Every decision is a line: an operator asked "was that friend request approved, by whom?". */
  void decided(RequestRow row, RequestKind kind, String decision, String by) {
    LOG.info("request {} ({}): {} by {}", RequestDesk.describe(row), kind.label(), decision, by);
    count(kind, decision, by);
    published(row, kind, decision, by);
  }

  /**
   * A decision of the arrival path whose answer could not be sent: counted and published as
   * {@code failed}; the caller says why in its own (rate-limited) warning. The owner's resolve
   * through the admin API reports a failed answer to the owner instead (the call fails).
   */
  void failed(RequestRow row, RequestKind kind, String by) {
    count(kind, "failed", by);
    published(row, kind, "failed", by);
  }

  /** Subscribers hear every decision on {@code social.events.request_outcome} (issue 17). */
  private static void published(RequestRow row, RequestKind kind, String decision, String by) {
    String source = source(by);
    SessionEvents.publish(SessionEvents.requestOutcome(row, kind.label(), decision, source,
        by.equals(source) ? "" : by, System.currentTimeMillis()));
  }

  private void count(RequestKind kind, String decision, String by) {
    counter(kind, decision, source(by)).increment();
  }

  private static String source(String by) {
    return by.startsWith("brain") ? "brain" : by;
  }

  private Counter counter(RequestKind kind, String decision, String source) {
    return counters.computeIfAbsent(kind.label() + '/' + decision + '/' + source,
        k -> Counter.builder("social.requests")
            .description("Requests handled, by kind, decision and who decided")
            .tag("kind", kind.label()).tag("decision", decision).tag("by", source)
            .register(registry));
  }
}
