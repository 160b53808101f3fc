package dev.perocore.social.app.config;

import dev.perocore.social.brain.BrainConfig;
import dev.perocore.social.brain.LlmConfig;
import dev.perocore.social.brain.RequestVerdict;
import dev.perocore.social.cluster.BridgeConfig;
import dev.perocore.social.cluster.ClusterConfig;
import dev.perocore.social.guard.GuardConfig;
import dev.perocore.social.onebot.BackfillConfig;
import dev.perocore.social.onebot.BotIds;
import dev.perocore.social.onebot.ForwardTarget;
import dev.perocore.social.onebot.OneBotConfig;
import dev.perocore.social.onebot.OneBotLimits;
import dev.perocore.social.onebot.SendRate;
import dev.perocore.social.ops.HttpLimits;
import dev.perocore.social.ops.ServerAddress;
import dev.perocore.social.session.SessionConfig;
import dev.perocore.social.session.requests.RequestPolicy;
import dev.perocore.social.session.requests.RequestsConfig;
import dev.perocore.social.store.StoreConfig;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The validated configuration of the whole service. {@link #from} reads every key of {@code
 * conf/application.yaml} once, so a bad value stops start-up before anything runs.
 *
 * @param http the service port: OneBot endpoints and the admin API
 * @param management the management port: metrics and health
 * @param eventLoops Vert.x event loops (0 = Vert.x default, two per core)
 * @param workerPoolSize Vert.x worker pool size
 * @param nativeTransport whether the event loops use Linux's epoll (Java NIO where unavailable)
 * @param guard loop guard and task tracking settings
 * @param adminToken bearer token of the admin API; empty disables it
 * @param debugChaos whether debug endpoints (deliberate blocking) are mounted
 * @param drainTimeout how long each verticle may drain its tasks on shutdown
 * @param logLevel the root log level
 * @param logFormat {@code text} (one readable line) or {@code json} (one object per line)
 * @param onebot the OneBot gateway
 * @param brain the brain section: which brain answers and its LLM endpoint
 * @param store the SQLite store
 * @param session sessions, context, memory, proactive mode and owner (package session)
 * @param requests friend requests and group invites: policies, greeting (owner from owner.qq)
 * @param httpLimits idle and header timeouts of the service port ({@code http.*})
 * @param managementLimits idle and header timeouts of the management port ({@code management.*})
 * @param backfill history fetched after every (re)connect ({@code onebot.backfill.*})
 * @param cluster the clustered event bus ({@code cluster.*}) and {@code brain.local} (issue 17)
 * @param bridge the TCP event bus bridge for subscribers ({@code bridge.*}, issue 17)
 */
public record AppConfig(
    ServerAddress http,
    ServerAddress management,
    int eventLoops,
    int workerPoolSize,
    boolean nativeTransport,
    GuardConfig guard,
    Optional<String> adminToken,
    boolean debugChaos,
    Duration drainTimeout,
    String logLevel,
    String logFormat,
    OneBotConfig onebot,
    BrainConfig brain,
    StoreConfig store,
    SessionConfig session,
    RequestsConfig requests,
    HttpLimits httpLimits,
    HttpLimits managementLimits,
    BackfillConfig backfill,
    ClusterConfig cluster,
    BridgeConfig bridge) {

  private static final Duration MS = Duration.ofMillis(1);
  private static final Duration HOUR = Duration.ofHours(1);

  /**
   * The embedded defaults with dotted keys overlaid ({@code "store.busy_timeout", "50ms"}), parsed
   * and validated as at start-up: how tests, benchmarks and tools build a configuration.
   */
  public static AppConfig defaultsWith(Map<String, ?> overlay) {
    return from(ConfigLoader.defaultsWith(overlay));
  }

  public static AppConfig from(JsonObject merged) {
    return from(new ConfigView(merged));
  }

  /** Reads and validates every key; throws {@link ConfigException} on the first bad one. */
  public static AppConfig from(ConfigView c) {
    ServerAddress http = new ServerAddress(c.host("http.host"), c.port("http.port"));
    ServerAddress management =
        new ServerAddress(c.host("management.host"), c.port("management.port"));
    if (http.port() != 0 && http.port() == management.port()) {
      throw new ConfigException("management.port", management.port(),
          "must differ from http.port (" + http.port() + ")");
    }
    GuardConfig guard = new GuardConfig(
        c.duration("guard.blocked_check_interval", Duration.ofMillis(10), Duration.ofMinutes(1)),
        c.duration("guard.max_event_loop_execute", Duration.ofMillis(10), Duration.ofMinutes(1)),
        c.duration("guard.max_worker_execute", Duration.ofMillis(10), HOUR),
        c.duration("guard.lag_probe_interval", Duration.ofMillis(10), Duration.ofMinutes(1)),
        c.duration("guard.stall_after", Duration.ofMillis(10), HOUR),
        c.duration("guard.liveness_block_limit", Duration.ofMillis(10), HOUR));
    return new AppConfig(
        http,
        management,
        c.integer("vertx.event_loops", 0, 256),
        c.integer("vertx.worker_pool_size", 1, 1024),
        c.bool("vertx.native_transport"),
        guard,
        c.optionalString("admin.token"),
        c.bool("debug.chaos"),
        c.duration("shutdown.drain_timeout", MS, Duration.ofMinutes(10)),
        c.oneOf("log.level", "TRACE", "DEBUG", "INFO", "WARN", "ERROR"),
        c.oneOf("log.format", "text", "json"),
        parseOneBot(c),
        parseBrain(c),
        parseStore(c),
        parseSession(c),
        parseRequests(c),
        httpLimits(c, "http"),
        httpLimits(c, "management"),
        parseBackfill(c),
        ClusterConfigParser.parse(c),
        ClusterConfigParser.bridge(c));
  }

  /** {@code onebot.backfill.*} (issue 13). */
  private static BackfillConfig parseBackfill(ConfigView c) {
    return new BackfillConfig(
        c.bool("onebot.backfill.enabled"),
        c.duration("onebot.backfill.lookback", Duration.ofMinutes(1), Duration.ofDays(30)),
        c.integer("onebot.backfill.max_pages", 1, 1000),
        c.integer("onebot.backfill.page_size", 1, 500),
        c.duration("onebot.backfill.budget", Duration.ofSeconds(1), HOUR),
        c.duration("onebot.backfill.page_interval", Duration.ZERO, Duration.ofMinutes(1)));
  }

  /** {@code <port>.idle_timeout} and {@code <port>.header_timeout} (issue 14: no slowloris). */
  private static HttpLimits httpLimits(ConfigView c, String port) {
    Duration idle = c.duration(port + ".idle_timeout", Duration.ofMillis(100), HOUR);
    Duration header = c.duration(port + ".header_timeout", Duration.ofMillis(100), HOUR);
    if (port.equals("http")) {
      // Idle bot WebSockets stay open only through our pings: the idle bound must outlast them.
      Duration ping = c.duration("onebot.ping_interval", Duration.ofMillis(10), HOUR);
      if (idle.compareTo(ping) <= 0) {
        throw new ConfigException("http.idle_timeout", idle,
            "longer than onebot.ping_interval (" + ping + "), or idle bot connections are cut");
      }
    }
    return new HttpLimits(idle, header);
  }

  /** The resource bounds of {@code onebot:} (issue 14). */
  private static OneBotLimits parseOneBotLimits(ConfigView c, long maxFrameBytes) {
    // A message is never longer than max_frame_bytes anyway: the smaller bound is the one enforced.
    long perConnection = Math.min(maxFrameBytes,
        c.bytes("onebot.max_pending_bytes_per_connection", 1024, 4L * 1024 * 1024 * 1024));
    long total = c.bytes("onebot.max_pending_bytes_total", 1024, 4L * 1024 * 1024 * 1024);
    if (total < perConnection) {
      throw new ConfigException("onebot.max_pending_bytes_total", total,
          "at least onebot.max_pending_bytes_per_connection (" + perConnection + ")");
    }
    Set<Long> allowed = new LinkedHashSet<>();
    for (String item : c.stringList("onebot.allowed_bots")) {
      long selfId = BotIds.parse(item);
      if (!BotIds.isKnown(selfId)) {
        throw new ConfigException("onebot.allowed_bots", item, "a list of bot QQ numbers");
      }
      allowed.add(selfId);
    }
    return new OneBotLimits(
        c.integer("onebot.max_connections", 1, 100_000),
        perConnection,
        total,
        c.duration("onebot.fragment_timeout", Duration.ofMillis(10), HOUR),
        c.duration("onebot.forget_bot_after", Duration.ofSeconds(1), Duration.ofDays(3650)),
        allowed,
        c.integer("onebot.read_backlog_max", 1, 1_000_000));
  }

  /** The {@code onebot:} section. */
  private static OneBotConfig parseOneBot(ConfigView c) {
    List<ForwardTarget> forward = new ArrayList<>();
    for (Object item : c.list("onebot.forward")) {
      if (item instanceof JsonObject o) {
        // A typo ("tokne") would otherwise drop the token without a word.
        for (String name : o.fieldNames()) {
          if (!name.equals("url") && !name.equals("token")) {
            // The entry is not printed: a misspelled token key holds the secret.
            throw new ConfigException("onebot.forward", "each a ws:// URL or {url, token};"
                + " unknown key " + name + " in the entry for " + o.getValue("url"));
          }
        }
      }
      String url = item instanceof JsonObject o ? o.getString("url") : String.valueOf(item);
      String token = item instanceof JsonObject o ? o.getString("token") : null;
      try {
        forward.add(new ForwardTarget(URI.create(String.valueOf(url).trim()),
            Optional.ofNullable(token).filter(t -> !t.isBlank())));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("onebot.forward", url, "ws:// or wss:// URLs, each a string or"
            + " {url, token}: " + e.getMessage());
      }
    }
    Duration reconnectMin = c.duration("onebot.reconnect_min", MS, HOUR);
    Duration reconnectMax = c.duration("onebot.reconnect_max", MS, HOUR);
    if (reconnectMax.compareTo(reconnectMin) < 0) {
      throw new ConfigException("onebot.reconnect_max", reconnectMax,
          "at least onebot.reconnect_min (" + ConfigView.show(reconnectMin) + ")");
    }
    return new OneBotConfig(
        c.optionalString("onebot.access_token"),
        forward,
        reconnectMin,
        reconnectMax,
        (int) c.bytes("onebot.max_frame_bytes", 1024, 64L * 1024 * 1024),
        c.duration("onebot.action_timeout", MS, Duration.ofMinutes(10)),
        c.number("onebot.heartbeat_grace", 1.0, 100.0),
        c.integer("onebot.action_failure_limit", 1, 1000),
        sendRate(c, "onebot.send_rate_per_group"),
        sendRate(c, "onebot.send_rate_per_bot"),
        c.integer("onebot.send_queue_max", 1, 1_000_000),
        c.duration("onebot.send_queue_timeout", MS, HOUR),
        c.duration("onebot.dedupe_window", Duration.ofSeconds(1), Duration.ofDays(7)),
        c.integer("onebot.dedupe_size", 1, 10_000_000),
        c.duration("onebot.ping_interval", Duration.ofMillis(10), HOUR),
        parseOneBotLimits(c, c.bytes("onebot.max_frame_bytes", 1024, 64L * 1024 * 1024)));
  }

  private static SendRate sendRate(ConfigView c, String key) {
    String text = c.string(key);
    try {
      return SendRate.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, text, e.getMessage());
    }
  }

  /** The {@code brain:} section. {@code kind: llm} without {@code llm.base_url} is refused. */
  private static BrainConfig parseBrain(ConfigView c) {
    BrainConfig.Kind kind = BrainConfig.Kind.valueOf(
        c.oneOf("brain.kind", "auto", "llm", "echo", "none").toUpperCase(Locale.ROOT));
    Optional<String> baseUrl = c.optionalString("brain.llm.base_url");
    baseUrl.ifPresent(url -> {
      if (!url.matches("(?i)https?://\\S+")) {
        throw new ConfigException("brain.llm.base_url", url,
            "an http:// or https:// URL such as https://api.example.com/v1");
      }
    });
    if (kind == BrainConfig.Kind.LLM && baseUrl.isEmpty()) {
      throw new ConfigException("brain.llm.base_url", "must be set when brain.kind is llm");
    }
    LlmConfig llm = new LlmConfig(
        baseUrl,
        c.optionalString("brain.llm.api_key"),
        c.optionalString("brain.llm.model").orElseThrow(() ->
            new ConfigException("brain.llm.model", "must not be empty")),
        c.duration("brain.llm.timeout", MS, Duration.ofMinutes(10)),
        c.number("brain.llm.temperature", 0, 2),
        c.integer("brain.llm.max_tokens", 1, 1_000_000),
        c.integer("brain.llm.max_retries", 0, 10),
        c.duration("brain.llm.retry_delay", MS, Duration.ofMinutes(1)),
        c.integer("brain.llm.circuit_failures", 1, 1000),
        c.duration("brain.llm.circuit_reset", MS, HOUR),
        LlmFallbacksParser.parse(c, baseUrl, c.optionalString("brain.llm.model").orElse("")),
        c.optionalString("brain.llm.secretary_model").orElse(""),
        c.optionalString("brain.llm.summary_model").orElse(""));
    return new BrainConfig(
        kind,
        c.duration("brain.timeout", MS, Duration.ofMinutes(10)),
        BrainPromptsParser.persona(c),
        RequestVerdict.valueOf(
            c.oneOf("brain.echo_verdict", "approve", "reject", "hold").toUpperCase(Locale.ROOT)),
        llm,
        c.bool("brain.secretary_may_speak"),
        BrainPromptsParser.timezone(c),
        BrainPromptsParser.templates(c));
  }

  /** The {@code store:} section. */
  private static StoreConfig parseStore(ConfigView c) {
    Duration day = Duration.ofDays(1);
    Duration tenYears = Duration.ofDays(3650);
    int highWater = c.integer("store.queue_high_water", 2, 10_000_000);
    int lowWater = c.integer("store.queue_low_water", 0, 10_000_000);
    if (lowWater >= highWater) {
      throw new ConfigException("store.queue_low_water", lowWater,
          "below store.queue_high_water (" + highWater + ")");
    }
    String path = c.string("store.path").trim();
    if (path.isEmpty()) {
      throw new ConfigException("store.path", path, "a database file, e.g. data/social.db");
    }
    return new StoreConfig(
        path,
        c.oneOf("store.synchronous", "normal", "full").equals("full"),
        c.duration("store.busy_timeout", MS, Duration.ofMinutes(5)),
        c.integer("store.readers", 1, 64),
        c.integer("store.batch_max", 1, 10_000),
        // Up to a minute (was 1 s): ShutdownAndRegressionTest holds every commit back with a 60 s
        // linger, through this parser, to prove that shutdown flushes the queue.
        c.duration("store.batch_linger", Duration.ZERO, Duration.ofMinutes(1)),
        c.integer("store.queue_max", 1, 10_000_000),
        c.duration("store.retention", day, tenYears),
        c.duration("store.raw_retention", Duration.ZERO, tenYears),
        c.bytes("store.wal_max_bytes", 1024 * 1024, 64L * 1024 * 1024 * 1024),
        c.duration("store.checkpoint_interval", Duration.ofMillis(100), HOUR),
        c.duration("store.housekeeping_interval", Duration.ofSeconds(1), Duration.ofDays(1)),
        c.integer("store.prune_batch", 1, 100_000),
        c.duration("store.read_timeout", MS, Duration.ofMinutes(5)),
        c.duration("store.write_timeout", MS, Duration.ofMinutes(5)),
        c.duration("store.retry_backoff_max", Duration.ofMillis(10), Duration.ofMinutes(1)),
        highWater, lowWater,
        c.bytes("store.writer_cache_size", 1024 * 1024, 4L * 1024 * 1024 * 1024));
  }

  /** The {@code session:}, {@code context:}, {@code memory:}, {@code proactive:}, {@code owner:} sections. */
  private static SessionConfig parseSession(ConfigView c) {
    return SessionConfigParser.parse(c);
  }

  /** The {@code requests:} section; the owner to notify is {@code owner.qq} (0 = nobody). */
  private static RequestsConfig parseRequests(ConfigView c) {
    String[] policies = {"approve", "reject", "ask_brain", "hold"};
    Duration min = c.duration("requests.greeting_delay_min", Duration.ZERO, HOUR);
    Duration max = c.duration("requests.greeting_delay_max", Duration.ZERO, HOUR);
    if (max.compareTo(min) < 0) {
      throw new ConfigException("requests.greeting_delay_max", max,
          "at least requests.greeting_delay_min");
    }
    Optional<Long> owner = c.optionalString("owner.qq").map(qq -> {
      try {
        return Long.parseLong(qq.trim());
      } catch (NumberFormatException e) {
        throw new ConfigException("owner.qq", qq, "a QQ number");
      }
    }).filter(qq -> qq > 0);
    return new RequestsConfig(
        RequestPolicy.fromLabel(c.oneOf("requests.friend", policies)),
        RequestPolicy.fromLabel(c.oneOf("requests.group_invite", policies)),
        RequestPolicy.fromLabel(c.oneOf("requests.group_add", "approve", "reject", "hold")),
        c.optionalString("requests.greeting").orElse(""),
        min,
        max,
        c.duration("requests.action_timeout", MS, Duration.ofMinutes(10)),
        c.duration("requests.brain_timeout", MS, Duration.ofMinutes(10)),
        owner);
  }
}
