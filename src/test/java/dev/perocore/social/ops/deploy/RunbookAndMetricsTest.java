package dev.perocore.social.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every alert points at a runbook section that exists and reads only metrics the code registers. */
class RunbookAndMetricsTest {

  private static final String RUNBOOK = "docs/runbook.md";
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*$");
  private static final Pattern SOCIAL = Pattern.compile("\\bsocial_[a-z_]+\\b");

  /**
   * Named by an alert before the code that registers it (a sibling change writes the rule first).
   * Empty now: the backfill registers social_backfill_chats_total.
   */
  private static final Set<String> ADDED_BY_SIBLING_CHANGES = Set.of();

  @Test
  void everyAlertHasARunbookUrlWhoseSectionExists() {
    Set<String> anchors = anchors(RepoFiles.read(RepoFiles.ROOT.resolve(RUNBOOK)));
    List<String> problems = new ArrayList<>();
    AlertRules.alerts(RepoFiles.yamlMap(RepoFiles.RULES)).forEach((name, rule) -> {
      String url = String.valueOf(Cast.map(rule.get("annotations")).get("runbook_url"));
      int hash = url.indexOf('#');
      if (hash < 0 || !url.substring(0, hash).endsWith(RUNBOOK)) {
        problems.add(name + ": runbook_url " + url + " does not point into " + RUNBOOK);
      } else if (!anchors.contains(url.substring(hash + 1))) {
        problems.add(name + ": " + RUNBOOK + " has no section #" + url.substring(hash + 1));
      }
    });
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void everySocialMetricAnAlertReadsOrNamesIsRegisteredByTheCode() {
    Set<CodeMetrics.Family> families = CodeMetrics.families();
    List<String> problems = new ArrayList<>();
    AlertRules.alerts(RepoFiles.yamlMap(RepoFiles.RULES)).forEach((name, rule) -> {
      Set<String> named = new TreeSet<>();
      collect(String.valueOf(rule.get("expr")), named);
      Cast.map(rule.get("annotations")).values().forEach(text -> collect(String.valueOf(text), named));
      for (String metric : named) {
        if (!ADDED_BY_SIBLING_CHANGES.contains(metric) && !CodeMetrics.registers(families, metric)) {
          problems.add(name + ": " + metric + " is not registered anywhere in src/main");
        }
      }
    });
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  /** The runbook names every metric the same way. */
  @Test
  void theRunbookNamesOnlyRegisteredMetrics() {
    Set<CodeMetrics.Family> families = CodeMetrics.families();
    Set<String> named = new TreeSet<>();
    collect(RepoFiles.read(RepoFiles.ROOT.resolve(RUNBOOK)), named);
    named.removeIf(m -> ADDED_BY_SIBLING_CHANGES.contains(m) || CodeMetrics.registers(families, m));
    assertTrue(named.isEmpty(), "the runbook names unregistered metrics: " + named);
  }

  private static void collect(String text, Set<String> into) {
    Matcher m = SOCIAL.matcher(text);
    while (m.find()) {
      into.add(m.group());
    }
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
  private static Set<String> anchors(String markdown) {
    Set<String> out = new TreeSet<>();
    Matcher m = HEADING.matcher(markdown);
    while (m.find()) {
      out.add(m.group(1).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
    }
    return out;
  }
}
