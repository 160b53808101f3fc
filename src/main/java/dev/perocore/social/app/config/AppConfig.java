package dev.perocore.social.app.config;

import dev.perocore.social.guard.GuardConfig;
import dev.perocore.social.ops.ServerAddress;
import dev.perocore.social.store.StoreConfig;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;

/**
 * The validated configuration of the whole service. {@link #from} reads every key of {@code
 * conf/application.yaml} once, so a bad value stops start-up before anything runs.
 *
 * @param http the service port: OneBot endpoints and the admin API
 * @param management the management port: metrics and health
 * @param eventLoops Vert.x event loops (0 = Vert.x default, two per core)
 * @param workerPoolSize Vert.x worker pool size
 * @param guard loop guard and task tracking settings
 * @param adminToken bearer token of the admin API; empty disables it
 * @param debugChaos whether debug endpoints (deliberate blocking) are mounted
 * @param drainTimeout how long each verticle may drain its tasks on shutdown
 * @param logLevel the root log level
 * @param store the SQLite store
 */
public record AppConfig(
    ServerAddress http,
    ServerAddress management,
    int eventLoops,
    int workerPoolSize,
    GuardConfig guard,
    Optional<String> adminToken,
    boolean debugChaos,
    Duration drainTimeout,
    String logLevel,
    StoreConfig store) {

  private static final Duration MS = Duration.ofMillis(1);
  private static final Duration HOUR = Duration.ofHours(1);

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
        guard,
        c.optionalString("admin.token"),
        c.bool("debug.chaos"),
        c.duration("shutdown.drain_timeout", MS, Duration.ofMinutes(10)),
        c.oneOf("log.level", "TRACE", "DEBUG", "INFO", "WARN", "ERROR"),
        parseStore(c));
  }

  /** The {@code store:} section. */
  public static StoreConfig parseStore(ConfigView c) {
    Duration day = Duration.ofDays(1);
    Duration tenYears = Duration.ofDays(3650);
    return new StoreConfig(
        c.string("store.path").trim(),
        c.oneOf("store.synchronous", "normal", "full").equals("full"),
        c.duration("store.busy_timeout", MS, Duration.ofMinutes(5)),
        c.integer("store.readers", 1, 64),
        c.integer("store.batch_max", 1, 10_000),
        c.duration("store.batch_linger", Duration.ZERO, Duration.ofSeconds(1)),
        c.integer("store.queue_max", 1, 10_000_000),
        c.duration("store.retention", day, tenYears),
        c.duration("store.raw_retention", Duration.ZERO, tenYears),
        c.bytes("store.wal_max_bytes", 1024 * 1024, 64L * 1024 * 1024 * 1024),
        c.duration("store.checkpoint_interval", Duration.ofSeconds(1), HOUR),
        c.duration("store.housekeeping_interval", Duration.ofSeconds(1), Duration.ofDays(1)),
        c.integer("store.prune_batch", 1, 100_000),
        c.duration("store.read_timeout", MS, Duration.ofMinutes(5)),
        c.duration("store.write_timeout", MS, Duration.ofMinutes(5)),
        c.duration("store.retry_backoff_max", Duration.ofMillis(10), Duration.ofMinutes(1)));
  }
}
