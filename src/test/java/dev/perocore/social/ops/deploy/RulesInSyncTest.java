package dev.perocore.social.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    assertEquals(plain.get("groups"), Cast.at(operator, "spec.groups"),
        "k8s/prometheusrule.yaml differs from deploy/prometheus/social-adapter.rules.yml:"
            + " run deploy/sync-prometheusrule.sh");
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
