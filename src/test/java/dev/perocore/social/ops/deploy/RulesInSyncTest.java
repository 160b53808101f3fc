package dev.perocore.social.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The plain rules file is the one source; the PrometheusRule must carry exactly its groups, and the
 * rules must carry what an operator needs to act on them.
 */
class RulesInSyncTest {

  /** The alerts issue #6 promises; names are what operators and runbooks search for. */
  private static final List<String> REQUIRED = List.of(
      "EventLoopBlocked", "EventLoopLagHigh", "WorkerPoolSaturated", "TasksStalled", "TimeoutsSpiking",
      "OneBotBotDown", "OneBotHeartbeatMissing", "StoreQueueBacklog", "StoreWalTooLarge", "SendFailuresHigh");

  @Test
  void prometheusRuleEmbedsExactlyTheRulesFileGroups() {
    Map<String, Object> plain = RepoFiles.yamlMap(RepoFiles.RULES);
    Map<String, Object> operator = RepoFiles.yamlMap(RepoFiles.PROMETHEUS_RULE);
    assertEquals("monitoring.coreos.com/v1", operator.get("apiVersion"));
    assertEquals("PrometheusRule", operator.get("kind"));
    assertEquals(Set.of("groups"), Cast.map(operator.get("spec")).keySet());
    List<Object> source = Cast.list(plain.get("groups"));
    List<Object> embedded = Cast.list(Cast.at(operator, "spec.groups"));
    if (!source.equals(embedded)) {
      fail("k8s/prometheusrule.yaml differs from deploy/prometheus/social-adapter.rules.yml in "
          + differences(source, embedded) + ": run deploy/sync-generated.sh");
    }
  }

  /** Names the groups and rules that differ, instead of printing both documents whole. */
  private static List<String> differences(List<Object> source, List<Object> embedded) {
    List<String> out = new ArrayList<>();
    for (int g = 0; g < Math.max(source.size(), embedded.size()); g++) {
      if (g >= source.size() || g >= embedded.size()) {
        out.add("group #" + g + " exists in only one file");
        continue;
      }
      Map<String, Object> a = Cast.map(source.get(g));
      Map<String, Object> b = Cast.map(embedded.get(g));
      if (!Objects.equals(a.get("name"), b.get("name"))) {
        out.add("group #" + g + " name " + a.get("name") + " vs " + b.get("name"));
        continue;
      }
      List<Object> ra = Cast.list(a.get("rules"));
      List<Object> rb = Cast.list(b.get("rules"));
      for (int r = 0; r < Math.max(ra.size(), rb.size()); r++) {
        Object x = r < ra.size() ? ra.get(r) : null;
        Object y = r < rb.size() ? rb.get(r) : null;
        if (!Objects.equals(x, y)) {
          Object name = x != null ? Cast.map(x).get("alert") : Cast.map(y).get("alert");
          out.add("group " + a.get("name") + " rule #" + r + " (" + name + ")");
        }
      }
      if (a.size() != b.size() || !a.keySet().equals(b.keySet())) {
        out.add("group " + a.get("name") + " fields " + a.keySet() + " vs " + b.keySet());
      }
    }
    return out;
  }

  @Test
  void everyPromisedAlertExists() {
    Set<String> names = AlertRules.alertNames(RepoFiles.yamlMap(RepoFiles.RULES));
    List<String> missing = new ArrayList<>(REQUIRED);
    missing.removeAll(names);
    assertTrue(missing.isEmpty(), "missing alerts: " + missing);
  }

  @Test
  void everyAlertHasSeveritySummaryAndDescription() {
    List<String> problems = new ArrayList<>();
    AlertRules.alerts(RepoFiles.yamlMap(RepoFiles.RULES)).forEach((name, rule) -> {
      Object severity = rule.get("labels") == null ? null : Cast.map(rule.get("labels")).get("severity");
      if (!List.of("critical", "warning", "info").contains(String.valueOf(severity))) {
        problems.add(name + ": severity must be critical, warning or info, is " + severity);
      }
      Map<String, Object> annotations =
          rule.get("annotations") == null ? Map.of() : Cast.map(rule.get("annotations"));
      if (String.valueOf(annotations.getOrDefault("summary", "")).isBlank()) {
        problems.add(name + ": no summary");
      }
      // A description that tells the operator where to look is more than a restated summary.
      if (String.valueOf(annotations.getOrDefault("description", "")).length() < 80) {
        problems.add(name + ": description too short to tell the operator what to look at");
      }
    });
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void eventLoopBlockedFiresOnAnyIncreaseWithinAMinute() {
    Map<String, Object> rule = AlertRules.alerts(RepoFiles.yamlMap(RepoFiles.RULES)).get("EventLoopBlocked");
    String expr = String.valueOf(rule.get("expr"));
    assertTrue(expr.contains("social_loop_blocked_events_total"), expr);
    assertTrue(expr.contains("thread_kind=\"event_loop\""), expr);
    assertTrue(expr.replace(" ", "").contains(">0"), "must fire on any increase: " + expr);
    Duration forDuration = Durations.parse(String.valueOf(rule.getOrDefault("for", "0s")));
    assertFalse(forDuration.compareTo(Duration.ofMinutes(1)) > 0, "for must be <= 1m, is " + forDuration);
    assertEquals("critical", Cast.map(rule.get("labels")).get("severity"));
  }
}
