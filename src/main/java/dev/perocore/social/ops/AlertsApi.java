package dev.perocore.social.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/v1/alerts}: the inputs of the alert rules as this process counts them now —
 * blocked event loops, expired deadlines, stalled tasks, brain failures, store commit failures and
 * refusals, the OneBot sockets' backpressure pauses —
 * so an operator without Prometheus (or the console) sees what an alert would see. Values are
 * totals since start ({@code since}); the rules' rates are Prometheus' business.
 */
public final class AlertsApi implements RouteMount {

  /** One alert input: a meter family, and which of its label values count (empty = all). */
  private record Input(String group, String meter, String label, Set<String> values) {}

  private static final List<Input> INPUTS = List.of(
      new Input("blocked_loops", "social.loop.blocked.episodes", "", Set.of()),
      new Input("blocked_loops", "social.loop.blocked.seconds.max", "", Set.of()),
      new Input("timeouts", "social.timeouts", "", Set.of()),
      new Input("stalled_tasks", "social.tasks.stalled", "", Set.of()),
      new Input("brain_failures", "social.replies", "outcome", Set.of("timeout", "error")),
      new Input("brain_failures", "social.brain.llm.circuit.open", "", Set.of()),
      new Input("store", "social.store.commit.failures", "", Set.of()),
      new Input("store", "social.store.rejected", "", Set.of()),
      new Input("backpressure", "social.onebot.paused.seconds", "", Set.of()),
      new Input("backpressure", "social.onebot.backpressure.pauses", "", Set.of()));

  private final MeterRegistry registry;
  private final Instant since = Instant.now();

  public AlertsApi(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void mount(Vertx vertx, Router router) {
    router.get(AdminAuth.PREFIX + "/alerts").handler(ctx -> {
      JsonObject groups = new JsonObject();
      for (Input input : INPUTS) {
        JsonArray items = groups.getJsonArray(input.group());
        if (items == null) {
          items = new JsonArray();
          groups.put(input.group(), items);
        }
        for (Meter meter : sorted(registry.find(input.meter()).meters())) {
          if (counts(input, meter)) {
            items.add(json(meter));
          }
        }
      }
      JsonReplies.send(ctx, 200, new JsonObject().put("since", since.toString())
          .put("inputs", groups));
    });
  }

  private static List<Meter> sorted(java.util.Collection<Meter> meters) {
    return meters.stream().sorted(Comparator.comparing(m -> m.getId().getTags().toString()))
        .toList();
  }

  private static boolean counts(Input input, Meter meter) {
    return input.label().isEmpty()
        || input.values().contains(meter.getId().getTag(input.label()));
  }

  private static JsonObject json(Meter meter) {
    JsonObject labels = new JsonObject();
    for (Tag tag : meter.getId().getTags()) {
      labels.put(tag.getKey(), tag.getValue());
    }
    double value = meter instanceof Counter c ? c.count()
        : meter instanceof FunctionCounter f ? f.count()
        : meter instanceof Gauge g ? g.value() : Double.NaN;
    return new JsonObject().put("metric", prometheusName(meter)).put("labels", labels)
        .put("value", Double.isNaN(value) ? null : value);
  }

  /** The name the metric has on /metrics, so the console and the alert rules say the same. */
  private static String prometheusName(Meter meter) {
    String base = meter.getId().getName().replace('.', '_');
    return meter instanceof Counter || meter instanceof FunctionCounter ? base + "_total" : base;
  }
}
