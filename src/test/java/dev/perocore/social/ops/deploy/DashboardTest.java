package dev.perocore.social.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** The dashboard's structure and PromQL, checked offline; PrometheusEndToEndIT runs the queries for real. */
class DashboardTest {

  private final Dashboard dashboard = Dashboard.load();

  @Test
  void hasDatasourceAndInstanceVariables() {
    JsonObject datasource = dashboard.variable("datasource");
    assertEquals("datasource", datasource.getString("type"));
    assertEquals("prometheus", datasource.getString("query"));

    JsonObject instance = dashboard.variable("instance");
    assertEquals("query", instance.getString("type"));
    assertEquals("${datasource}", instance.getJsonObject("datasource").getString("uid"));
    String query = instance.getJsonObject("query").getString("query");
    assertTrue(query.matches("label_values\\(social_[a-z_]+, instance\\)"), query);
    assertTrue(instance.getBoolean("multi") && instance.getBoolean("includeAll"));
    assertEquals(".*", instance.getString("allValue"), "panels match instance=~\"$instance\"");
  }

  @Test
  void everyPanelUsesTheDatasourceVariableAndHasAQuery() {
    List<String> problems = new ArrayList<>();
    Set<Integer> ids = new HashSet<>();
    for (JsonObject panel : dashboard.allPanelsWithRows()) {
      String title = panel.getString("title");
      if (!ids.add(panel.getInteger("id"))) {
        problems.add(title + ": duplicate id " + panel.getInteger("id"));
      }
      JsonObject pos = panel.getJsonObject("gridPos");
      if (pos == null || pos.getInteger("x") + pos.getInteger("w") > 24) {
        problems.add(title + ": gridPos missing or wider than the 24-column grid");
      }
    }
    for (JsonObject panel : dashboard.panels()) {
      String title = panel.getString("title");
      if (!"${datasource}".equals(panel.getJsonObject("datasource", new JsonObject()).getString("uid"))) {
        problems.add(title + ": panel datasource is not ${datasource}");
      }
      if (panel.getJsonArray("targets", io.vertx.core.json.JsonArray.of()).isEmpty()) {
        problems.add(title + ": no query");
      }
      if (panel.getString("description", "").isBlank()) {
        problems.add(title + ": no description");
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void everySelectorIsFilteredByTheInstanceVariable() {
    List<String> problems = new ArrayList<>();
    for (Dashboard.Query q : dashboard.queries()) {
      List<Dashboard.Selector> selectors = Dashboard.selectors(q.expr());
      if (selectors.isEmpty()) {
        problems.add(q.panel() + "/" + q.refId() + ": reads no known metric: " + q.expr());
      }
      for (Dashboard.Selector s : selectors) {
        if (s.matchers() == null || !s.matchers().contains("instance=~\"$instance\"")) {
          problems.add(q.panel() + "/" + q.refId() + ": " + s.text() + " ignores $instance");
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  /** The families issue #6 asks the dashboard to show. */
  @Test
  void coversEverySection() {
    Set<String> read = new HashSet<>();
    dashboard.queries().forEach(q -> Dashboard.selectors(q.expr()).forEach(s -> read.add(s.metric())));
    List<String> required = List.of(
        // event loop
        "social_loop_blocked_events_total", "social_eventloop_lag_seconds_bucket", "vertx_pool_queue_pending",
        "vertx_pool_in_use",
        // tasks
        "social_tasks_in_flight", "social_tasks_total", "social_tasks_stalled", "social_timeouts_total",
        // onebot
        "social_onebot_bot_up", "social_onebot_heartbeat_age_seconds", "social_onebot_events_total",
        "social_onebot_events_rejected_total", "social_onebot_action_seconds_sum", "social_onebot_actions_total",
        // store
        "social_store_queue_depth", "social_store_commit_seconds_sum", "social_store_batch_rows_sum",
        "social_store_wal_bytes",
        // sessions and brain
        "social_sessions_active", "social_brain_decisions_total", "social_brain_seconds_sum",
        "social_replies_total",
        // media (issue 15: images seen); bot ownership across full nodes (issue 17)
        "social_media_downloads_total", "social_bot_owner_conflicts_total",
        "social_bot_owner_events_dropped_total",
        // jvm
        "jvm_memory_used_bytes", "jvm_gc_pause_seconds_sum");
    List<String> missing = new ArrayList<>(required);
    missing.removeAll(read);
    assertTrue(missing.isEmpty(), "dashboard does not show: " + missing);
  }

  /** promtool parses each query as a recording rule's expression: a syntax error fails here, offline. */
  @Test
  void everyQueryIsValidPromQL(@TempDir Path dir) throws IOException {
    Path promtool = Tools.promtool();
    List<Map<String, Object>> rules = new ArrayList<>();
    int n = 0;
    for (Dashboard.Query q : dashboard.queries()) {
      Map<String, Object> rule = new LinkedHashMap<>();
      rule.put("record", "dashboard:query_" + (n++));
      rule.put("expr", q.resolved(".*", "1m"));
      rules.add(rule);
    }
    assertFalse(rules.isEmpty());
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("name", "dashboard-queries");
    group.put("rules", rules);
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    Path file = dir.resolve("dashboard-queries.yml");
    Files.writeString(file, new Yaml(options).dump(Map.of("groups", List.of(group))));

    Tools.Result result = Tools.run(List.of(promtool.toString(), "check", "rules", file.toString()), dir,
        Duration.ofSeconds(60));
    assertEquals(0, result.exitCode(), result.output());
  }
}
