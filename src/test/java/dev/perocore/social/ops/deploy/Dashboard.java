package dev.perocore.social.ops.deploy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Grafana dashboard's panels and queries, and their PromQL as Grafana would send it. */
final class Dashboard {

  /** Every family the dashboard reads has one of our scrape's prefixes (or is Prometheus' own up). */
  private static final Pattern SELECTOR =
      Pattern.compile("\\b((?:social|vertx|jvm|process)_[A-Za-z0-9_]*|up)\\b(\\{[^}]*})?");

  record Query(String panel, String refId, String expr) {

    /** Grafana's substitution for one selected instance and a given rate interval. */
    String resolved(String instance, String rateInterval) {
      return expr.replace("$__rate_interval", rateInterval)
          .replace("$__interval", rateInterval)
          .replace("$instance", instance);
    }
  }

  record Selector(String metric, String matchers) {
    String text() {
      return metric + (matchers == null ? "" : matchers);
    }
  }

  final JsonObject json;

  Dashboard(JsonObject json) {
    this.json = json;
  }

  static Dashboard load() {
    return new Dashboard(new JsonObject(RepoFiles.read(RepoFiles.DASHBOARD)));
  }

  /** Every non-row panel, including those nested in collapsed rows. */
  List<JsonObject> panels() {
    List<JsonObject> out = new ArrayList<>();
    collect(json.getJsonArray("panels", new JsonArray()), out);
    return out;
  }

  List<JsonObject> allPanelsWithRows() {
    List<JsonObject> out = new ArrayList<>();
    for (Object p : json.getJsonArray("panels", new JsonArray())) {
      JsonObject panel = (JsonObject) p;
      out.add(panel);
      for (Object nested : panel.getJsonArray("panels", new JsonArray())) {
        out.add((JsonObject) nested);
      }
    }
    return out;
  }

  private static void collect(JsonArray panels, List<JsonObject> out) {
    for (Object p : panels) {
      JsonObject panel = (JsonObject) p;
      if ("row".equals(panel.getString("type"))) {
        collect(panel.getJsonArray("panels", new JsonArray()), out);
      } else {
        out.add(panel);
      }
    }
  }

  List<Query> queries() {
    List<Query> out = new ArrayList<>();
    for (JsonObject panel : panels()) {
      for (Object t : panel.getJsonArray("targets", new JsonArray())) {
        JsonObject target = (JsonObject) t;
        out.add(new Query(panel.getString("title"), target.getString("refId"), target.getString("expr", "")));
      }
    }
    return out;
  }

  JsonObject variable(String name) {
    for (Object v : json.getJsonObject("templating").getJsonArray("list")) {
      JsonObject variable = (JsonObject) v;
      if (name.equals(variable.getString("name"))) {
        return variable;
      }
    }
    throw new AssertionError("no template variable $" + name);
  }

  static List<Selector> selectors(String expr) {
    List<Selector> out = new ArrayList<>();
    Matcher m = SELECTOR.matcher(expr);
    while (m.find()) {
      out.add(new Selector(m.group(1), m.group(2)));
    }
    return out;
  }

  static Map<String, String> grafanaDefaults() {
    return Map.of("$__rate_interval", "1m", "$instance", ".*");
  }
}
