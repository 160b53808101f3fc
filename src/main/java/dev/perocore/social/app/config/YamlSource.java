package dev.perocore.social.app.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * YAML text (the embedded defaults, a {@code --config} file) as JSON, with SnakeYAML's safe
 * constructor; a file that cannot be read or parsed is a {@link ConfigException} naming it.
 * Synchronous: it runs on the main thread before Vert.x exists.
 */
final class YamlSource {

  private YamlSource() {}

  static JsonObject readFile(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      StringBuilder text = new StringBuilder();
      char[] buffer = new char[8192];
      for (int n; (n = reader.read(buffer)) > 0; ) {
        text.append(buffer, 0, n);
      }
      return parse(text.toString(), file.toString());
    } catch (IOException e) {
      throw new ConfigException("--config", file, "cannot read the file (" + e.getMessage() + ")");
    }
  }

  static JsonObject parse(String yaml, String source) {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    } catch (YAMLException e) {
      String reason = e.getMessage() == null ? "" : e.getMessage().replaceAll("\\s+", " ");
      throw new ConfigException("--config", source, "not valid YAML (" + reason + ")");
    }
    if (root == null) {
      return new JsonObject();
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new ConfigException("--config", source, "the top level must be a mapping of sections");
    }
    return toJson(map);
  }

  @SuppressWarnings("unchecked")
  private static JsonObject toJson(Map<?, ?> map) {
    JsonObject json = new JsonObject();
    map.forEach((k, v) -> json.put(String.valueOf(k), toJsonValue(v)));
    return json;
  }

  static Object toJsonValue(Object value) {
    if (value instanceof Map<?, ?> map) {
      return toJson(map);
    }
    if (value instanceof List<?> list) {
      JsonArray array = new JsonArray();
      list.forEach(item -> array.add(toJsonValue(item)));
      return array;
    }
    if (value instanceof java.util.Date date) {
      return date.toInstant().toString();
    }
    return value;
  }
}
