package dev.perocore.social.app.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The last layer of the configuration: {@code SOCIAL_<KEY_PATH>} environment variables over the
 * defaults and the file. A list or map comes as JSON (a list also as comma-separated words); an
 * unknown {@code SOCIAL_*} name stops start-up naming the nearest key.
 */
final class EnvironmentOverlay {

  private static final String ENV_PREFIX = ConfigLoader.ENV_PREFIX;

  private EnvironmentOverlay() {}

  /**
   * A {@code SOCIAL_*} variable that names no key is a typo, and a typo in the environment must
   * stop start-up like one in a file: {@code SOCIAL_LLM_API_KEY} silently ignored means a bot that
   * never answers. The value is never echoed (it may be a key).
   */
  static void rejectUnknown(JsonObject defaults, Map<String, String> env) {
    Map<String, String> known = new java.util.LinkedHashMap<>();
    for (String key : ConfigLoader.leafKeys(defaults)) {
      known.put(ConfigLoader.envName(key), key);
    }
    List<String> unknown = env.keySet().stream()
        .filter(name -> name.startsWith(ENV_PREFIX) && !known.containsKey(name))
        .sorted().toList();
    if (!unknown.isEmpty()) {
      String name = unknown.get(0);
      String nearest = NearestName.of(name, known.keySet());
      throw new ConfigException(name, "unknown environment variable (no such key in"
          + " conf/application.yaml)" + (nearest == null ? ""
              : "; did you mean " + nearest + " (" + known.get(nearest) + ")?")
          + (unknown.size() > 1 ? " (" + (unknown.size() - 1) + " more unknown: "
              + String.join(", ", unknown.subList(1, unknown.size())) + ")" : ""));
    }
  }

  static void apply(JsonObject base, Map<String, String> env, String prefix) {
    for (String name : base.fieldNames()) {
      String key = prefix + name;
      Object current = base.getValue(name);
      if (current instanceof JsonObject section && !section.isEmpty()) {
        apply(section, env, key + ".");
        continue;
      }
      String value = env.get(ConfigLoader.envName(key));
      if (value == null) {
        continue;
      }
      if (current instanceof JsonArray || current instanceof JsonObject) {
        base.put(name, parseStructured(key, value, current instanceof JsonArray));
      } else {
        base.put(name, value);
      }
    }
  }

  /** Lists and maps come from the environment as JSON, or a list as comma-separated words. */
  private static Object parseStructured(String key, String value, boolean list) {
    String text = value.trim();
    try {
      if (list && text.startsWith("[")) {
        return new JsonArray(text);
      }
      if (!list && text.startsWith("{")) {
        return new JsonObject(text);
      }
    } catch (RuntimeException e) {
      // Not echoed: a structured value may hold secrets (brain.llm.fallbacks has api keys).
      throw new ConfigException(key, "not valid JSON (from " + ConfigLoader.envName(key) + ")");
    }
    if (!list) {
      throw new ConfigException(key, value, "a JSON object is expected (from " + ConfigLoader.envName(key) + ")");
    }
    JsonArray array = new JsonArray();
    for (String item : text.split(",")) {
      if (!item.isBlank()) {
        array.add(item.trim());
      }
    }
    return array;
  }
}
