package dev.perocore.social.app.config;

import dev.perocore.social.media.MediaConfig;
import dev.perocore.social.session.BotPolicy;
import dev.perocore.social.session.GroupMode;
import dev.perocore.social.session.ReplyConfig;
import dev.perocore.social.session.SessionConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the session package's sections (kept out of AppConfig so that file stays small). */
final class SessionConfigParser {

  private static final Duration MS = Duration.ofMillis(1);
  private static final Duration DAY = Duration.ofDays(1);

  private SessionConfigParser() {}

  static SessionConfig parse(ConfigView c) {
    SessionConfig.Context context = new SessionConfig.Context(
        c.integer("context.history", 0, 10_000),
        c.integer("context.related_users", 0, 100),
        c.integer("context.related_window", 0, 10_000),
        c.integer("context.related_messages", 0, 10_000),
        c.duration("context.related_timeout", MS, Duration.ofMinutes(5)),
        c.duration("context.read_timeout", MS, Duration.ofMinutes(5)),
        c.bool("context.private_in_group"),
        c.bool("context.group_in_private"),
        c.integer("memory.recall", 0, 100),
        c.duration("context.group_name_timeout", MS, Duration.ofMinutes(1)),
        c.duration("context.group_name_expiry", Duration.ofSeconds(1), Duration.ofDays(30)));
    String quiet = c.optionalString("proactive.quiet_hours").orElse("");
    Optional<LocalTime> quietStart = Optional.empty();
    Optional<LocalTime> quietEnd = Optional.empty();
    if (!quiet.isEmpty()) {
      String[] parts = quiet.split("-");
      try {
        if (parts.length != 2) {
          throw new DateTimeException("two times");
        }
        quietStart = Optional.of(LocalTime.parse(parts[0].trim()));
        quietEnd = Optional.of(LocalTime.parse(parts[1].trim()));
      } catch (DateTimeException e) {
        throw new ConfigException("proactive.quiet_hours", quiet, "HH:MM-HH:MM, e.g. 00:00-08:00");
      }
    }
    ZoneId zone;
    String zoneText = c.string("proactive.timezone").trim();
    try {
      zone = ZoneId.of(zoneText);
    } catch (DateTimeException e) {
      throw new ConfigException("proactive.timezone", zoneText, "a time zone id such as Asia/Shanghai");
    }
    SessionConfig.Proactive proactive = new SessionConfig.Proactive(
        c.bool("proactive.enabled"),
        c.duration("proactive.group_interval", Duration.ofMillis(10), DAY),
        c.integer("proactive.group_top", 0, 1000),
        c.duration("proactive.private_interval", Duration.ofMillis(10), DAY),
        c.integer("proactive.private_top", 0, 1000),
        quietStart, quietEnd, zone);
    SessionConfig.Owner owner = new SessionConfig.Owner(
        id(c, "owner.qq", c.string("owner.qq")),
        c.duration("owner.notify_interval", MS, DAY));
    GroupMode groupMode = GroupMode.fromLabel(c.oneOf("session.group_mode", "reply", "observe", "off"));
    return new SessionConfig(
        c.integer("session.shards", 0, 1024),
        c.duration("session.idle_flush", MS, DAY),
        c.integer("session.max_buffer", 1, 10_000),
        c.duration("session.summon_private", MS, DAY),
        c.duration("session.summon_group", MS, DAY),
        c.stringList("session.summon_keywords"),
        SessionConfig.OnNewMessage.valueOf(
            c.oneOf("session.on_new_message", "queue", "preempt").toUpperCase(Locale.ROOT)),
        c.duration("session.observe_cooldown", Duration.ZERO, DAY),
        c.duration("session.evict_after", Duration.ofMillis(10), DAY),
        c.duration("session.send_timeout", MS, Duration.ofHours(1)),
        c.duration("session.store_timeout", MS, Duration.ofHours(1)),
        c.integer("session.max_flushes", 1, 100_000),
        groupMode,
        bots(c.map("session.bots")),
        context,
        c.integer("memory.summarize_after", 0, 10_000),
        proactive,
        owner,
        reply(c),
        c.duration("session.stale_after", Duration.ofSeconds(1), Duration.ofDays(30)),
        media(c));
  }

  /**
   * The {@code media:} section. How many images a flush shows the model is the brain's setting
   * ({@code brain.llm.vision}, {@code brain.llm.max_images}) but the session reads the files, so
   * it is resolved here: 0 without vision, and then no file is read.
   */
  private static MediaConfig media(ConfigView c) {
    String dir = c.string("media.dir").trim();
    Path store = Path.of(c.string("store.path").trim()).toAbsolutePath();
    Path folder = dir.isEmpty()
        ? (store.getParent() == null ? Path.of("media") : store.getParent().resolve("media"))
        : Path.of(dir);
    boolean vision = c.bool("brain.llm.vision");
    int maxImages = c.integer("brain.llm.max_images", 0, 16);
    return new MediaConfig(
        c.bool("media.enabled"),
        folder,
        c.bytes("media.max_bytes", 1024, 64L << 20),
        c.duration("media.download_timeout", Duration.ofMillis(100), Duration.ofMinutes(10)),
        c.bytes("media.cache_max_bytes", 1L << 20, 1L << 40),
        c.duration("media.expire_after", Duration.ofMinutes(1), Duration.ofDays(3650)),
        vision ? maxImages : 0);
  }

  /** The {@code reply:} section (delivery of an answer: parts, typing pauses, quotes). */
  private static ReplyConfig reply(ConfigView c) {
    return new ReplyConfig(
        c.bool("reply.split"),
        c.integer("reply.max_parts", 1, 20),
        c.number("reply.typing_cps", 0.1, 10_000),
        c.duration("reply.typing_max", Duration.ZERO, Duration.ofMinutes(1)),
        ReplyConfig.Quote.fromLabel(c.oneOf("reply.quote", "auto", "always", "never")),
        c.string("reply.stickers_dir"),
        c.bytes("reply.sticker_max_bytes", 1, 16L << 20));
  }

  private static Map<Long, BotPolicy> bots(JsonObject map) {
    Map<Long, BotPolicy> bots = new HashMap<>();
    for (String selfId : map.fieldNames()) {
      String key = "session.bots." + selfId;
      if (!(map.getValue(selfId) instanceof JsonObject bot)) {
        throw new ConfigException(key, map.getValue(selfId), "a mapping {name, allow_groups, ...}");
      }
      for (String field : bot.fieldNames()) {
        if (!Set.of("name", "allow_groups", "deny_groups", "allow_users", "deny_users",
            "group_modes").contains(field)) {
          throw new ConfigException(key + "." + field, bot.getValue(field), "unknown key (name,"
              + " allow_groups, deny_groups, allow_users, deny_users, group_modes)");
        }
      }
      Map<Long, GroupMode> modes = new HashMap<>();
      Object modesValue = bot.getValue("group_modes");
      if (modesValue != null && !(modesValue instanceof JsonObject)) {
        throw new ConfigException(key + ".group_modes", modesValue, "a mapping group id -> mode");
      }
      JsonObject modeMap = modesValue == null ? new JsonObject() : (JsonObject) modesValue;
      for (String group : modeMap.fieldNames()) {
        String modeKey = key + ".group_modes." + group;
        String mode = String.valueOf(modeMap.getValue(group));
        try {
          modes.put(id(null, modeKey, group), GroupMode.fromLabel(mode));
        } catch (IllegalArgumentException e) {
          throw new ConfigException(modeKey, mode, "one of reply, observe, off");
        }
      }
      Object name = bot.getValue("name");
      bots.put(id(null, key, selfId), new BotPolicy(name == null ? "" : String.valueOf(name),
          ids(bot, key, "allow_groups"), ids(bot, key, "deny_groups"),
          ids(bot, key, "allow_users"), ids(bot, key, "deny_users"), modes));
    }
    return bots;
  }

  private static Set<Long> ids(JsonObject bot, String key, String field) {
    Object value = bot.getValue(field);
    if (value == null) {
      return Set.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new ConfigException(key + "." + field, value, "a list of ids");
    }
    Set<Long> ids = new HashSet<>();
    for (Object item : array) {
      ids.add(id(null, key + "." + field, String.valueOf(item)));
    }
    return ids;
  }

  private static long id(ConfigView unused, String key, String text) {
    try {
      long id = Long.parseLong(text.trim());
      if (id < 0) {
        throw new NumberFormatException();
      }
      return id;
    } catch (NumberFormatException e) {
      throw new ConfigException(key, text, "a QQ / group number");
    }
  }
}
