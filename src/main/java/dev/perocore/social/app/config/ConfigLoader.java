package dev.perocore.social.app.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the effective configuration: the defaults in the jar ({@code conf/application.yaml}), then
 * an optional {@code --config FILE}, then environment variables {@code SOCIAL_<KEY_PATH>}. Tests,
 * benchmarks and the demo start from the same defaults and set dotted keys ({@link #defaultsWith},
 * {@link #overlay}), so no caller repeats a default in Java.
 *
 * <p>The defaults define the key set: an overlay may only set keys that exist there (a typo must
 * not be silently ignored), except below a key whose default is an empty map, which is free-form.
 * Runs before Vert.x exists (its options depend on the result), so it reads synchronously, on the
 * main thread, with SnakeYAML.
 */
public final class ConfigLoader {

  /** Where the defaults live, in the repo and in the jar. */
  public static final String DEFAULTS_RESOURCE = "conf/application.yaml";

  public static final String ENV_PREFIX = "SOCIAL_";

  private ConfigLoader() {}

  /** Defaults, overlaid by {@code file} if given, then by {@code env}. */
  public static JsonObject load(Optional<Path> file, Map<String, String> env) {
    JsonObject merged = defaults();
    if (file.isPresent()) {
      overlay(merged, YamlSource.readFile(file.get()), "");
    }
    EnvironmentOverlay.rejectUnknown(merged, env);
    EnvironmentOverlay.apply(merged, env, "");
    return merged;
  }

  /**
   * The embedded defaults with {@code overlay} applied (see {@link #overlay}): how tests,
   * benchmarks and tools get a configuration without a file.
   */
  public static JsonObject defaultsWith(Map<String, ?> overlay) {
    return overlay(defaults(), overlay);
  }

  /**
   * Sets dotted keys ({@code store.busy_timeout}) in {@code merged}, under the rules of a {@code
   * --config} file: an unknown key or a value where a section belongs is a {@link
   * ConfigException}. Values are what YAML would give (text, numbers, booleans, lists, maps); a
   * {@link Duration} is written as milliseconds and a {@link Path} as its text. Returns {@code
   * merged}.
   */
  public static JsonObject overlay(JsonObject merged, Map<String, ?> overlay) {
    JsonObject nested = new JsonObject();
    overlay.forEach((key, value) -> {
      JsonObject section = nested;
      String[] parts = key.split("\\.", -1);
      for (int i = 0; i < parts.length - 1; i++) {
        Object next = section.getValue(parts[i]);
        if (!(next instanceof JsonObject)) {
          next = new JsonObject();
          section.put(parts[i], next);
        }
        section = (JsonObject) next;
      }
      section.put(parts[parts.length - 1], overlayValue(key, value));
    });
    overlay(merged, nested, "");
    return merged;
  }

  /** The embedded defaults. */
  public static JsonObject defaults() {
    ClassLoader loader = ConfigLoader.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
      }
      return YamlSource.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
          DEFAULTS_RESOURCE);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DEFAULTS_RESOURCE, e);
    }
  }

  /** The environment variable that sets {@code key}: {@code session.summon_private} -> {@code SOCIAL_SESSION_SUMMON_PRIVATE}. */
  public static String envName(String key) {
    return ENV_PREFIX + key.replace('.', '_').toUpperCase(Locale.ROOT);
  }

  /** Every leaf key of {@code config}, dotted; free-form maps count as one leaf. */
  public static List<String> leafKeys(JsonObject config) {
    List<String> keys = new ArrayList<>();
    collectLeaves(config, "", keys);
    return keys;
  }

  private static Object overlayValue(String key, Object value) {
    if (value instanceof Duration d) {
      if (d.isNegative() || d.toNanos() % 1_000_000 != 0) {
        throw new IllegalArgumentException(key + ": a duration of whole milliseconds, not " + d);
      }
      return d.toMillis() + "ms";
    }
    if (value instanceof Path path) {
      return path.toString();
    }
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      return YamlSource.toJsonValue(value);
    }
    if (value == null || value instanceof String || value instanceof Number
        || value instanceof Boolean || value instanceof JsonObject || value instanceof JsonArray) {
      return value;
    }
    throw new IllegalArgumentException(key + ": " + value.getClass().getSimpleName()
        + " is not a configuration value (text, number, boolean, Duration, Path, list or map)");
  }

  private static void overlay(JsonObject base, JsonObject top, String prefix) {
    for (String name : top.fieldNames()) {
      String key = prefix + name;
      Object value = top.getValue(name);
      if (!base.containsKey(name)) {
        throw new ConfigException(key, value, "unknown key (see conf/application.yaml)");
      }
      Object current = base.getValue(name);
      if (current instanceof JsonObject section && !section.isEmpty()) {
        if (!(value instanceof JsonObject nested)) {
          throw new ConfigException(key, value, "must be a section with keys "
              + String.join(", ", section.fieldNames()));
        }
        overlay(section, nested, key + ".");
      } else {
        base.put(name, value);
      }
    }
  }

  private static void collectLeaves(JsonObject config, String prefix, List<String> keys) {
    for (String name : config.fieldNames()) {
      Object value = config.getValue(name);
      if (value instanceof JsonObject section && !section.isEmpty()) {
        collectLeaves(section, prefix + name + ".", keys);
      } else {
        keys.add(prefix + name);
      }
    }
  }
}
