package dev.perocore.social.app.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed, validated reads of the merged configuration by dotted key. Each getter either returns a
 * usable value or throws a {@link ConfigException} naming the key, the value and what is allowed.
 * It remembers which keys were read, so a test can prove that every key is validated.
 */
public final class ConfigView {

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final Pattern BYTES = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB|KB|MB|GB)?");
  private static final String DURATION_FORM = "a duration such as 250ms, 2s, 5m, 1h, 90d";

  private final JsonObject root;
  private final Set<String> read = new LinkedHashSet<>();

  public ConfigView(JsonObject root) {
    this.root = root;
  }

  public String string(String key) {
    Object value = raw(key);
    if (value == null || value instanceof JsonObject || value instanceof JsonArray) {
      throw new ConfigException(key, value, "a text value is expected");
    }
    return String.valueOf(value);
  }

  /** Empty or missing text means "not set". */
  public Optional<String> optionalString(String key) {
    Object value = raw(key);
    if (value == null) {
      return Optional.empty();
    }
    String text = string(key).trim();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  public boolean bool(String key) {
    Object value = raw(key);
    if (value instanceof Boolean b) {
      return b;
    }
    String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
    return switch (text) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new ConfigException(key, value, "true or false");
    };
  }

  public int integer(String key, int min, int max) {
    Object value = raw(key);
    long parsed;
    if (value instanceof Number n && !(value instanceof Double || value instanceof Float)) {
      parsed = n.longValue();
    } else {
      try {
        parsed = Long.parseLong(String.valueOf(value).trim());
      } catch (NumberFormatException e) {
        throw new ConfigException(key, value, "a whole number from " + min + " to " + max);
      }
    }
    if (parsed < min || parsed > max) {
      throw new ConfigException(key, value, "a whole number from " + min + " to " + max);
    }
    return (int) parsed;
  }

  public double number(String key, double min, double max) {
    Object value = raw(key);
    double parsed;
    try {
      parsed = value instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(value).trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key, value, "a number from " + min + " to " + max);
    }
    if (!(parsed >= min && parsed <= max)) {
      throw new ConfigException(key, value, "a number from " + min + " to " + max);
    }
    return parsed;
  }

  public int port(String key) {
    return integer(key, 0, 65535);
  }

  public String host(String key) {
    String host = string(key).trim();
    if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
      throw new ConfigException(key, host, "a host name or IP address, e.g. 127.0.0.1 or 0.0.0.0");
    }
    return host;
  }

  public Duration duration(String key, Duration min, Duration max) {
    Object value = raw(key);
    Duration parsed = parseDuration(value);
    if (parsed == null || parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
      throw new ConfigException(key, value, DURATION_FORM + ", from " + show(min) + " to " + show(max));
    }
    return parsed;
  }

  public long bytes(String key, long min, long max) {
    Object value = raw(key);
    Matcher m = BYTES.matcher(String.valueOf(value).trim());
    String form = "a size such as 65536, 512KiB, 1MiB, 64MiB, from " + min + " to " + max + " bytes";
    if (value == null || !m.matches()) {
      throw new ConfigException(key, value, form);
    }
    long unit = switch (m.group(2) == null ? "B" : m.group(2)) {
      case "KiB" -> 1024L;
      case "MiB" -> 1024L * 1024;
      case "GiB" -> 1024L * 1024 * 1024;
      case "KB" -> 1000L;
      case "MB" -> 1000L * 1000;
      case "GB" -> 1000L * 1000 * 1000;
      default -> 1L;
    };
    long parsed;
    try {
      parsed = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new ConfigException(key, value, form);
    }
    if (parsed < min || parsed > max) {
      throw new ConfigException(key, value, form);
    }
    return parsed;
  }

  /** One of {@code allowed}, compared case-insensitively; returned in lower case. */
  public String oneOf(String key, String... allowed) {
    String text = string(key).trim().toLowerCase(Locale.ROOT);
    for (String option : allowed) {
      if (option.equalsIgnoreCase(text)) {
        return option;
      }
    }
    throw new ConfigException(key, raw(key), "one of " + String.join(", ", Arrays.asList(allowed)));
  }

  public JsonArray list(String key) {
    Object value = raw(key);
    if (value instanceof JsonArray array) {
      return array;
    }
    if (value == null || (value instanceof String s && s.isBlank())) {
      return new JsonArray();
    }
    throw new ConfigException(key, value, "a list");
  }

  public List<String> stringList(String key) {
    JsonArray array = list(key);
    List<String> strings = new ArrayList<>(array.size());
    for (Object item : array) {
      if (item == null || item instanceof JsonObject || item instanceof JsonArray) {
        throw new ConfigException(key, array.encode(), "a list of plain values");
      }
      String text = String.valueOf(item).trim();
      if (!text.isEmpty()) {
        strings.add(text);
      }
    }
    return strings;
  }

  /** A free-form map (its default is an empty map). */
  public JsonObject map(String key) {
    Object value = raw(key);
    if (value instanceof JsonObject object) {
      return object;
    }
    if (value == null) {
      return new JsonObject();
    }
    throw new ConfigException(key, value, "a mapping");
  }

  /** The keys read so far. */
  public Set<String> keysRead() {
    return Set.copyOf(read);
  }

  /** Parses {@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 90d}; null if malformed. */
  public static Duration parseDuration(Object value) {
    if (value == null) {
      return null;
    }
    String text = String.valueOf(value).trim();
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      return null;
    }
    long amount;
    try {
      amount = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      return null;
    }
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  /** A duration as config files write it, in the largest whole unit: 1h, not 3600s or PT1H. */
  static String show(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms % sizes[i] == 0) {
        return ms / sizes[i] + units[i];
      }
    }
    return ms + "ms";
  }

  private Object raw(String key) {
    read.add(key);
    JsonObject section = root;
    String[] parts = key.split("\\.");
    for (int i = 0; i < parts.length - 1; i++) {
      Object next = section.getValue(parts[i]);
      if (!(next instanceof JsonObject nested)) {
        return null;
      }
      section = nested;
    }
    return section.getValue(parts[parts.length - 1]);
  }
}
