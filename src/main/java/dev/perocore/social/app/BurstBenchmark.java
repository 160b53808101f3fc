package dev.perocore.social.app;

import static dev.perocore.social.app.BenchWaits.await;
import static dev.perocore.social.app.BenchWaits.waitFor;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.guard.Guard;
import dev.perocore.social.onebot.OneBotGatewayVerticle;
import dev.perocore.social.sim.OneBotSimulator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code bench burst [messages] [runs] [brain]}: issue 12's burst. Four bot accounts ({@code
 * bots=N} for another count), each on its own loopback reverse WebSocket (clients on a Vert.x
 * of their own, so they never share a loop with the service), {@code messages} NapCat-shaped messages (default 50,000: 5,000 users, 1,000
 * groups, one in three private) written as fast as the sockets take them, brain {@code none} (or
 * the one named), the store as shipped. Reports per run: stored/s counted in SQLite, rows lost,
 * event-loop lag p99/max per loop, blocked-thread events, seconds the sockets were paused, context
 * parts missing, writes refused.
 */
final class BurstBenchmark {

  /** The four bot accounts; {@code bots=N} (1-16) for another count, e.g. one alone. */
  private static final int BOTS = 4;
  private static int bots = BOTS;
  private static final long FIRST_BOT = 20_000;
  private static final int WARMUPS = 3;
  /**
   * {@code clients=process}: the bots run in a {@link BenchClients} process of their own, one for
   * every run (null: in this process, on a Vert.x of their own).
   */
  private static ClientProcess apart;

  private BurstBenchmark() {}

  static void main(String[] args) throws Exception {
    // Positional arguments first; any "section.key=value" overlays the shipped config (a sweep of
    // store.queue_high_water, say) without a config file.
    BenchArgs parsed = BenchArgs.parse(args, "clients=process");
    boolean clientsApart = parsed.has("clients=process");
    Map<String, Object> tuning = parsed.overlay();
    int warmups = parsed.option("warmups", WARMUPS);
    int clientNice = parsed.option("client_nice", 0);
    bots = parsed.option("bots", BOTS);
    if (bots < 1 || bots > 16) {
      throw new IllegalArgumentException("bots must be 1-16");
    }
    if (clientNice < 0 || clientNice > 19 || (clientNice > 0 && !clientsApart)) {
      throw new IllegalArgumentException("client_nice must be 0-19, with clients=process");
    }
    int messages = parsed.intAt(0, 50_000);
    int runs = parsed.intAt(1, 3);
    String brain = parsed.at(2, "none");
    System.out.printf("BurstBenchmark: %d bots, %,d messages (%,d users, %,d groups, 1/3 private),"
            + " brain %s, store as shipped%s, clients %s; %d cores, Java %s%n", bots, messages,
        BurstFrames.USERS, BurstFrames.GROUPS, brain, tuning.isEmpty() ? "" : " with " + tuning,
        clientsApart ? "in a process of their own" + (clientNice > 0 ? " at nice " + clientNice : "")
            : "in this process (clients=process: apart)",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    apart = clientsApart ? ClientProcess.start(bots, FIRST_BOT, clientNice) : null;
    try {
      // Three full bursts first (warmups=N): the JIT is still compiling the hot path through a
      // third of a million messages (with two, CPU per message still fell from ~70 to ~49 us
      // between the first measured run and the second), and a service that runs for days is
      // measured warm.
      for (int w = 1; w <= warmups; w++) {
        run("warm-up " + w + "/" + warmups + " (JIT; not a result)", messages, brain, tuning);
      }
      for (int i = 1; i <= runs; i++) {
        run("run " + i, messages, brain, tuning);
      }
    } finally {
      if (apart != null) {
        apart.close();
      }
    }
  }

  private static void run(String label, int messages, String brain, Map<String, Object> tuning)
      throws Exception {
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
    Vertx clients = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(bots));
    try {
      Warmup.run(vertx, registry);
      // The probe every 1 ms (LagSamples.PROBE): at the config's 10 ms a burst of a second gave
      // each loop ~100 samples, and its p99 was the second-worst of them.
      Guard guard = Guard.install(vertx, registry,
          config.guard().withLagProbeInterval(LagSamples.PROBE));
      ServiceAssembly assembly = new ServiceAssembly(config, guard, registry);
      await(vertx.deployVerticle(new ServiceSupervisor(assembly.components(), guard,
          assembly.readiness(), config.drainTimeout(), assembly::stopReading)));
      List<OneBotSimulator> sims = new ArrayList<>();
      String[][] frames = null;
      if (apart != null) {
        apart.connect(assembly.servicePort());
        apart.prepare(messages);
      } else {
        frames = BurstFrames.prepare(messages, 0, bots, FIRST_BOT);
      }
      for (int b = 0; apart == null && b < bots; b++) {
        OneBotSimulator sim = new OneBotSimulator(clients, FIRST_BOT + b)
            .heartbeat(Duration.ofSeconds(5));
        await(sim.connectUniversal(assembly.servicePort(), OneBotGatewayVerticle.PATH_UNIVERSAL));
        sims.add(sim);
      }
      Thread.sleep(500);
      guard.loopGuard().takeMaxLag();
      Map<String, TreeMap<Double, Double>> lagBase = lagBuckets(registry);
      double blockedBase = sum(registry, "social.loop.blocked.events");
      QueueSampler queues = QueueSampler.start(vertx);
      GcPauses gc = GcPauses.start();
      LagSamples lagSamples = new LagSamples(LagSamples.PROBE);
      guard.loopGuard().listen(lagSamples);
      long cpuStart = processCpuNanos();
      // With the clients apart every thread here is the service's: split it by thread group.
      PhaseCpu split = apart == null ? null : PhaseCpu.start();
      long allocStart = allocatedBytes();
      long start = System.nanoTime();
      List<Future<Void>> blasts = new ArrayList<>();
      long clientCpu = apart == null ? 0 : apart.blast();
      for (int b = 0; apart == null && b < bots; b++) {
        String[] mine = frames[b];
        blasts.add(sims.get(b).blast(mine.length, i -> mine[i]));
      }
      await(Future.all(blasts));
      boolean complete = waitFor(() -> stored(registry) >= messages, 120);
      double took = (System.nanoTime() - start) / 1e9;
      // CPU spent per message (this process: service and simulated clients): unlike msgs/s it
      // hardly moves when other processes load the machine, so it compares builds fairly.
      double cpuMicros = (processCpuNanos() - cpuStart) / 1e3 / messages;
      String cpuSplit = split == null ? null : split.stop(messages);
      // What the young collections have to clear: the fewer bytes per message, the fewer pauses.
      double allocKb = (allocatedBytes() - allocStart) / 1024.0 / messages;
      String queued = queues.stop();
      guard.loopGuard().listen(null);
      String paused = gc.stop();
      long inSqlite = countRows(db);
      Map<String, TreeMap<Double, Double>> lagNow = lagBuckets(registry);
      System.out.printf("%n== %s: %,d messages ==%n", label, messages);
      System.out.printf("  stored      %,d in SQLite in %.2f s = %,.0f msgs/s%s; lost %,d%n",
          inSqlite, took, inSqlite / took, complete ? "" : " (INCOMPLETE)", messages - inSqlite);
      System.out.printf("  cpu         %.1f us of CPU per message (%s); load average %.2f%n",
          cpuMicros, apart == null ? "service + clients"
              : String.format("service; the clients' process %.1f", clientCpu / 1e3 / messages),
          java.lang.management.ManagementFactory.getOperatingSystemMXBean()
              .getSystemLoadAverage());
      if (cpuSplit != null) {
        System.out.println("  cpu split   " + cpuSplit);
      }
      System.out.printf("  heap        %.1f KB allocated per message (%s)%n", allocKb,
          apart == null ? "service + clients" : "service");
      for (String loop : lagNow.keySet()) {
        TreeMap<Double, Double> base = lagBase.getOrDefault(loop, new TreeMap<>());
        System.out.printf("  loop %s      lag %s; service histogram p99 <= %s ms, max <= %s ms%n", loop,
            lagSamples.quantiles(Integer.parseInt(loop)),
            quantile(base, lagNow.get(loop), 0.99), quantile(base, lagNow.get(loop), 1.0));
      }
      System.out.println("  loop queues " + queued);
      System.out.println("  gc          " + paused);
      System.out.println("  lag samples " + lagSamples.summary(gc::during));
      System.out.printf("  guard       max lag %.1f ms; blocked-thread events %.0f%n",
          guard.loopGuard().takeMaxLag().toNanos() / 1e6,
          sum(registry, "social.loop.blocked.events") - blockedBase);
      System.out.printf("  pressure    sockets paused %.2f s in %.0f pause(s), reads put off for the"
              + " loops %.0f time(s); writes refused %.0f; context parts missing %.0f%n",
          functionCounter(registry, "social.onebot.paused.seconds"),
          functionCounter(registry, "social.onebot.backpressure.pauses"),
          sum(registry, "social.onebot.read.waits"),
          sum(registry, "social.store.rejected"), sum(registry, "social.context.parts.missing"));
      for (OneBotSimulator sim : sims) {
        await(sim.close());
      }
      if (apart != null) {
        apart.disconnect();
      }
    } finally {
      clients.close().await(30, TimeUnit.SECONDS);
      vertx.close().await(60, TimeUnit.SECONDS);
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Message {@code n} of the burst for {@code bot} (see {@link BurstFrames}). */
  static String frame(long bot, int n) {
    return BurstFrames.frame(bot, n);
  }

  static long processCpuNanos() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
  }

  /** Bytes allocated so far by this process's live threads (HotSpot's per-thread counters). */
  static long allocatedBytes() {
    if (!(java.lang.management.ManagementFactory.getThreadMXBean()
        instanceof com.sun.management.ThreadMXBean threads)) {
      return 0;
    }
    long sum = 0;
    for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      sum += Math.max(0, bytes); // -1: the thread ended meanwhile
    }
    return sum;
  }

  private static long countRows(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM messages")) {
      return rs.getLong(1);
    }
  }

  private static double stored(PrometheusMeterRegistry registry) {
    return BenchWaits.storedMessages(registry);
  }

  private static double sum(PrometheusMeterRegistry registry, String name) {
    return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  private static double functionCounter(PrometheusMeterRegistry registry, String name) {
    FunctionCounter counter = registry.find(name).functionCounter();
    return counter == null ? 0 : counter.count();
  }

  /** Cumulative lag counts by bucket bound (ms), per loop. */
  private static Map<String, TreeMap<Double, Double>> lagBuckets(
      PrometheusMeterRegistry registry) {
    Map<String, TreeMap<Double, Double>> byLoop = new TreeMap<>();
    for (Timer t : registry.find("social.eventloop.lag").timers()) {
      TreeMap<Double, Double> buckets = new TreeMap<>();
      // A snapshot taken while the probe records a sample can hold it in the count but not yet
      // in its bucket (a max of "inf" with a guard max of 65 ms): taken again until the two
      // agree. They never do once a sample is over the last bound (10 s); then the third stands.
      for (int attempt = 0; attempt < 3; attempt++) {
        buckets.clear();
        var snapshot = t.takeSnapshot();
        for (CountAtBucket b : snapshot.histogramCounts()) {
          buckets.put(b.bucket(TimeUnit.MILLISECONDS), b.count());
        }
        double inBuckets = buckets.isEmpty() ? 0 : buckets.lastEntry().getValue();
        buckets.put(Double.MAX_VALUE, (double) snapshot.count());
        if (snapshot.count() == inBuckets) {
          break;
        }
      }
      byLoop.put(t.getId().getTag("loop"), buckets);
    }
    return byLoop;
  }

  /** The bucket bound under which {@code q} of the samples between two snapshots lie. */
  private static String quantile(TreeMap<Double, Double> before, TreeMap<Double, Double> after,
      double q) {
    double count = after.getOrDefault(Double.MAX_VALUE, 0.0)
        - before.getOrDefault(Double.MAX_VALUE, 0.0);
    if (count <= 0) {
      return "n/a";
    }
    for (var e : after.entrySet()) {
      double n = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
      if (n >= q * count) {
        return e.getKey() == Double.MAX_VALUE ? "inf" : "<= " + String.format("%.0f", e.getKey());
      }
    }
    return "inf";
  }
}
