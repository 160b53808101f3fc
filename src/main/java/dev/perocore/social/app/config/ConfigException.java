package dev.perocore.social.app.config;

/**
 * A configuration value that cannot be used. Its message is the one line start-up prints before it
 * exits with status 2: the key, the value, and what is allowed.
 */
public final class ConfigException extends RuntimeException {

  private final String key;

  public ConfigException(String key, Object value, String allowed) {
    super("invalid config " + key + " = " + render(value) + ": " + allowed, null, false, false);
    this.key = key;
  }

  /** A problem not tied to one value, e.g. an unreadable file. */
  public ConfigException(String key, String problem) {
    super("invalid config " + key + ": " + problem, null, false, false);
    this.key = key;
  }

  public String key() {
    return key;
  }

  private static String render(Object value) {
    if (value == null) {
      return "(missing)";
    }
    String text = value instanceof String s ? '"' + s + '"'
        : value instanceof java.time.Duration d ? ConfigView.show(d) : String.valueOf(value);
    text = text.replace('\n', ' ').replace('\r', ' ');
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }
}
