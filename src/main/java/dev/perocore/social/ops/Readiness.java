package dev.perocore.social.ops;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;

/**
 * Named readiness checks, answered by {@code /health/ready}. A <em>required</em> check that is
 * down makes the service not ready (503); an <em>advisory</em> one is only reported, because
 * failing readiness for it would cut off the very peers that could repair it (a degraded bot must
 * still be able to reconnect through the Service).
 *
 * <p>Checks are read on the management server's event loop, so they must only read state.
 */
public final class Readiness {

  private final Map<String, Entry> checks = new ConcurrentSkipListMap<>();

  /** A check that must be up for the service to be ready. */
  public void require(String name, Supplier<HealthCheck> check) {
    checks.put(name, new Entry(check, true));
  }

  /** A check that is reported but never makes the service unready. */
  public void advise(String name, Supplier<HealthCheck> check) {
    checks.put(name, new Entry(check, false));
  }

  /** Evaluates every check; {@code ready} is false if a required one is down or throws. */
  public Report evaluate() {
    boolean ready = !checks.isEmpty();
    JsonObject body = new JsonObject();
    for (Map.Entry<String, Entry> named : checks.entrySet()) {
      Entry entry = named.getValue();
      HealthCheck result;
      try {
        result = entry.check.get();
      } catch (RuntimeException e) {
        result = HealthCheck.down("check failed: " + e);
      }
      if (entry.required && !result.up()) {
        ready = false;
      }
      body.put(named.getKey(), new JsonObject()
          .put("status", result.up() ? "UP" : "DOWN")
          .put("required", entry.required)
          .put("detail", result.detail()));
    }
    return new Report(ready, body);
  }

  /** The outcome of one evaluation: overall readiness and each check's JSON. */
  public record Report(boolean ready, JsonObject checks) {}

  private record Entry(Supplier<HealthCheck> check, boolean required) {}
}
