package dev.perocore.social.app;

import static dev.perocore.social.app.BenchWaits.await;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.guard.Guard;
import dev.perocore.social.onebot.OneBotGatewayVerticle;
import dev.perocore.social.sim.OneBotSimulator;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service a burst is written to ({@code bench burst}): the whole service as {@code run}
 * assembles it, on a database of its own in a temporary folder, with its bots connected — in
 * the clients' process ({@code clients=process}) or here, on a Vert.x of their own. One serves a
 * single run (the default: every chat is new to it, as after a restart) or all of them ({@code
 * service=warm}: the chats are known from the bursts before, as in a service that ran for days
 * when QQ comes back online). Closed once, by its owner.
 */
final class BurstService implements AutoCloseable {

  private final Path dir;
  private final Path db;
  private final PrometheusMeterRegistry registry;
  private final Vertx vertx;
  private final Vertx clients;
  private final Guard guard;
  private final List<OneBotSimulator> sims = new ArrayList<>();
  private final ClientProcess apart;

  private BurstService(Path dir, Path db, PrometheusMeterRegistry registry, Vertx vertx,
      Vertx clients, Guard guard, ClientProcess apart) {
    this.dir = dir;
    this.db = db;
    this.registry = registry;
    this.vertx = vertx;
    this.clients = clients;
    this.guard = guard;
    this.apart = apart;
  }

  /**
   * Starts the service ({@code brain}, the shipped config with {@code tuning} over it) and
   * connects {@code bots} bots from {@code firstBot}: through {@code apart}, or here when null.
   */
  static BurstService start(String brain, Map<String, Object> tuning, int bots, long firstBot,
      ClientProcess apart) throws Exception {
    Path dir = Files.createTempDirectory("social-burst");
    Path db = dir.resolve("burst.db");
    Map<String, Object> overlay = new LinkedHashMap<>();
    overlay.put("http.port", 0);
    overlay.put("management.port", 0);
    overlay.put("brain.kind", brain);
    overlay.put("store.path", db);
    overlay.put("log.level", "WARN");
    overlay.putAll(tuning);
    AppConfig config = AppConfig.defaultsWith(overlay);
    PrometheusMeterRegistry registry = MetricsSetup.newRegistry();
    Vertx vertx = VertxSetup.builder(config, registry, new VertxOptions()).build();
    Vertx clients = null;
    BurstService service = null;
    try {
      clients = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(bots));
      Warmup.run(vertx, registry);
      // The probe every 1 ms (LagSamples.PROBE): at the config's 10 ms a burst of a second gave
      // each loop ~100 samples, and its p99 was the second-worst of them.
      Guard guard = Guard.install(vertx, registry,
          config.guard().withLagProbeInterval(LagSamples.PROBE));
      service = new BurstService(dir, db, registry, vertx, clients, guard, apart);
      ServiceAssembly assembly = new ServiceAssembly(config, guard, registry);
      await(vertx.deployVerticle(new ServiceSupervisor(assembly.components(), guard,
          assembly.readiness(), config.drainTimeout(), assembly::stopReading)));
      if (apart != null) {
        apart.connect(assembly.servicePort());
      }
      for (int b = 0; apart == null && b < bots; b++) {
        OneBotSimulator sim = new OneBotSimulator(clients, firstBot + b)
            .heartbeat(Duration.ofSeconds(5));
        await(sim.connectUniversal(assembly.servicePort(), OneBotGatewayVerticle.PATH_UNIVERSAL));
        service.sims.add(sim);
      }
      return service;
    } catch (Exception | Error e) {
      // What failed is the report; a failure to clean up after it only joins it.
      try {
        if (service != null) {
          service.close();
        } else {
          if (clients != null) {
            clients.close().await(30, TimeUnit.SECONDS);
          }
          vertx.close().await(60, TimeUnit.SECONDS);
          BenchFolders.delete(dir);
        }
      } catch (Exception | Error cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  PrometheusMeterRegistry registry() {
    return registry;
  }

  Vertx vertx() {
    return vertx;
  }

  Guard guard() {
    return guard;
  }

  /** Message rows in the database, counted in SQLite itself. */
  long rowsInSqlite() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM messages")) {
      return rs.getLong(1);
    }
  }

  /** Disconnects the bots and stops the service; its database goes with it. */
  @Override
  public void close() throws Exception {
    try {
      for (OneBotSimulator sim : sims) {
        await(sim.close());
      }
      if (apart != null) {
        apart.disconnect();
      }
    } finally {
      try {
        clients.close().await(30, TimeUnit.SECONDS);
      } finally {
        vertx.close().await(60, TimeUnit.SECONDS);
        BenchFolders.delete(dir);
      }
    }
  }

  /** Starts the blast of {@code frames} (one array a bot) from the bots connected here. */
  List<Future<Void>> blast(String[][] frames) {
    List<Future<Void>> blasts = new ArrayList<>();
    for (int b = 0; b < sims.size(); b++) {
      String[] mine = frames[b];
      blasts.add(sims.get(b).blast(mine.length, i -> mine[i]));
    }
    return blasts;
  }
}
