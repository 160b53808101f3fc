package dev.perocore.social.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Map;

/** Typed access into parsed YAML, failing the test with the path when the shape is wrong. */
final class Cast {

  private Cast() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    assertInstanceOf(Map.class, value, "expected a mapping");
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    assertInstanceOf(List.class, value, "expected a sequence");
    return (List<Object>) value;
  }

  static List<Map<String, Object>> maps(Object value) {
    return list(value).stream().map(Cast::map).toList();
  }

  /** Follows dotted keys through nested mappings: {@code at(doc, "spec.template.spec")}. */
  static Object at(Map<String, Object> root, String path) {
    Object current = root;
    for (String key : path.split("\\.")) {
      Map<String, Object> m = map(current);
      if (!m.containsKey(key)) {
        throw new AssertionError("missing key '" + key + "' of path '" + path + "'");
      }
      current = m.get(key);
    }
    return current;
  }

  static Map<String, Object> mapAt(Map<String, Object> root, String path) {
    return map(at(root, path));
  }

  static String stringAt(Map<String, Object> root, String path) {
    return String.valueOf(at(root, path));
  }
}
