package dev.perocore.social.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark's command line: positional arguments, flags ({@code clients=process}) and any
 * {@code section.key=value}, which overlays the shipped config (a sweep of
 * {@code session.shards}, say) without a config file.
 */
record BenchArgs(List<String> positional, List<String> flags, Map<String, Object> tuning) {

  /** Splits {@code args}; an argument equal to one of {@code knownFlags} is a flag. */
  static BenchArgs parse(String[] args, String... knownFlags) {
    List<String> positional = new ArrayList<>();
    List<String> flags = new ArrayList<>();
    Map<String, Object> tuning = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (List.of(knownFlags).contains(arg)) {
        flags.add(arg);
      } else if (eq > 0) {
        tuning.put(arg.substring(0, eq), arg.substring(eq + 1));
      } else {
        positional.add(arg);
      }
    }
    return new BenchArgs(List.copyOf(positional), List.copyOf(flags), tuning);
  }

  /** Positional argument {@code i} as an int, or {@code otherwise} when absent. */
  int intAt(int i, int otherwise) {
    return positional.size() > i ? Integer.parseInt(positional.get(i)) : otherwise;
  }

  String at(int i, String otherwise) {
    return positional.size() > i ? positional.get(i) : otherwise;
  }

  /**
   * A benchmark option given as {@code name=value} with no dot in the name (so never a config key),
   * e.g. {@code warmups=3}; {@code otherwise} when absent.
   */
  int option(String name, int otherwise) {
    Object value = tuning.get(name);
    return value == null ? otherwise : Integer.parseInt(value.toString());
  }

  /** The config overlay: every {@code section.key=value} (options have no dot). */
  Map<String, Object> overlay() {
    Map<String, Object> keys = new LinkedHashMap<>(tuning);
    keys.keySet().removeIf(key -> key.indexOf('.') < 0);
    return keys;
  }

  boolean has(String flag) {
    return flags.contains(flag);
  }
}
