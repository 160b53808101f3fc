package dev.perocore.social.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The alert rules pass Prometheus' own checker and unit tests, and those tests cover every alert. */
class PromtoolRulesTest {

  private static final Pattern LABEL = Pattern.compile("(\\w+)\\s*=\\s*\"([^\"]*)\"");

  @Test
  void rulesFilePassesPromtoolCheck() {
    Path promtool = Tools.promtool();
    Tools.Result result = Tools.run(
        List.of(promtool.toString(), "check", "rules", RepoFiles.RULES.toString()),
        RepoFiles.ROOT, Duration.ofSeconds(60));
    assertEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains("SUCCESS"), result.output());
  }

  @Test
  void promtoolUnitTestsPass() {
    Path promtool = Tools.promtool();
    Tools.Result result = Tools.run(
        List.of(promtool.toString(), "test", "rules", RepoFiles.RULE_TESTS.toString()),
        RepoFiles.ROOT, Duration.ofSeconds(120));
    assertEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains("SUCCESS"), result.output());
  }

  @Test
  void unitTestsLoadTheSourceRulesFile() {
    Map<String, Object> tests = RepoFiles.yamlMap(RepoFiles.RULE_TESTS);
    List<Object> ruleFiles = Cast.list(tests.get("rule_files"));
    assertEquals(1, ruleFiles.size());
    Path loaded = RepoFiles.RULE_TESTS.getParent().resolve(String.valueOf(ruleFiles.get(0))).normalize();
    assertEquals(RepoFiles.RULES.normalize(), loaded);
  }

  /**
   * Every alert has an evaluation where it fires, in a test whose input also holds series that must
   * not fire it (a firing evaluation lists its alerts exactly, so those stay silent), and an
   * evaluation where it is silent.
   */
  @Test
  void everyAlertFiresOnSickSeriesAndStaysSilentOnHealthyOnes() {
    Set<String> alerts = AlertRules.alertNames(RepoFiles.yamlMap(RepoFiles.RULES));
    Map<String, Integer> firing = new HashMap<>();
    Map<String, Integer> silent = new HashMap<>();
    Map<String, Integer> firingWithHealthySeries = new HashMap<>();

    for (Map<String, Object> test : Cast.maps(RepoFiles.yamlMap(RepoFiles.RULE_TESTS).get("tests"))) {
      List<Map<String, String>> inputs = new ArrayList<>();
      for (Map<String, Object> series : Cast.maps(test.get("input_series"))) {
        inputs.add(labelsOf(String.valueOf(series.get("series"))));
      }
      for (Map<String, Object> eval : Cast.maps(test.get("alert_rule_test"))) {
        String name = String.valueOf(eval.get("alertname"));
        List<Map<String, Object>> expected =
            eval.get("exp_alerts") == null ? List.of() : Cast.maps(eval.get("exp_alerts"));
        if (expected.isEmpty()) {
          silent.merge(name, 1, Integer::sum);
          continue;
        }
        firing.merge(name, 1, Integer::sum);
        List<Map<String, String>> firedLabels = new ArrayList<>();
        for (Map<String, Object> alert : expected) {
          Map<String, String> labels = new TreeMap<>();
          Cast.map(alert.get("exp_labels")).forEach((k, v) -> labels.put(k, String.valueOf(v)));
          labels.remove("severity");
          firedLabels.add(labels);
          assertFalse(Cast.map(alert.get("exp_annotations")).isEmpty(),
              name + ": a firing expectation must check the rendered annotations");
        }
        boolean hasHealthy = inputs.stream().anyMatch(
            input -> firedLabels.stream().noneMatch(fired -> input.entrySet().containsAll(fired.entrySet())));
        if (hasHealthy) {
          firingWithHealthySeries.merge(name, 1, Integer::sum);
        }
      }
    }

    Set<String> problems = new LinkedHashSet<>();
    for (String alert : alerts) {
      if (!firing.containsKey(alert)) {
        problems.add(alert + ": no evaluation where it fires");
      }
      if (!firingWithHealthySeries.containsKey(alert)) {
        problems.add(alert + ": no firing evaluation that also holds healthy series");
      }
      if (!silent.containsKey(alert)) {
        problems.add(alert + ": no evaluation where it must stay silent");
      }
    }
    Set<String> unknown = new LinkedHashSet<>(firing.keySet());
    unknown.addAll(silent.keySet());
    unknown.removeAll(alerts);
    for (String name : unknown) {
      problems.add(name + ": tested but not defined in the rules file");
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  /** {@code name{a="1", b="2"}} to its labels without the metric name. */
  private static Map<String, String> labelsOf(String series) {
    Map<String, String> labels = new TreeMap<>();
    int brace = series.indexOf('{');
    if (brace >= 0) {
      Matcher m = LABEL.matcher(series.substring(brace));
      while (m.find()) {
        labels.put(m.group(1), m.group(2));
      }
    }
    labels.remove("le");
    return labels;
  }
}
