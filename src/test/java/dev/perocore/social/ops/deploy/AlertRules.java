package dev.perocore.social.ops.deploy;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Views of a parsed Prometheus rules document ({@code groups: [{name, rules: [...]}]}). */
final class AlertRules {

  private AlertRules() {}

  static Map<String, Map<String, Object>> alerts(Map<String, Object> rulesDocument) {
    Map<String, Map<String, Object>> alerts = new LinkedHashMap<>();
    for (Map<String, Object> group : Cast.maps(rulesDocument.get("groups"))) {
      for (Map<String, Object> rule : Cast.maps(group.get("rules"))) {
        if (rule.containsKey("alert")) {
          Object previous = alerts.put(String.valueOf(rule.get("alert")), rule);
          if (previous != null) {
            throw new AssertionError("alert defined twice: " + rule.get("alert"));
          }
        }
      }
    }
    return alerts;
  }

  static Set<String> alertNames(Map<String, Object> rulesDocument) {
    return new LinkedHashSet<>(alerts(rulesDocument).keySet());
  }
}
