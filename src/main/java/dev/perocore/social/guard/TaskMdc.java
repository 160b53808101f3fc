package dev.perocore.social.guard;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * The log context of a line about one task: MDC fields {@code task} (its kind) and, when its
 * detail starts with a session key ({@code SELF:private:ID} / {@code SELF:group:ID}),
 * {@code session} and {@code bot}. {@code log.format: json} writes them as fields a log collector
 * can filter on. Set only around one synchronous log call: an event loop runs many sessions, so a
 * value left behind would label the next session's lines.
 */
final class TaskMdc implements AutoCloseable {

  private static final Pattern SESSION = Pattern.compile("^((\\d+):(?:private|group):\\d+)");

  private TaskMdc(String kind, Object detail) {
    MDC.put("task", kind);
    Matcher m = detail == null ? null : SESSION.matcher(detail.toString());
    if (m != null && m.find()) {
      MDC.put("session", m.group(1));
      MDC.put("bot", m.group(2));
    }
  }

  static TaskMdc of(String kind, Object detail) {
    return new TaskMdc(kind, detail);
  }

  @Override
  public void close() {
    MDC.remove("task");
    MDC.remove("session");
    MDC.remove("bot");
  }
}
