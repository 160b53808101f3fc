package dev.perocore.social.app;

import static dev.perocore.social.app.BenchWaits.await;
import static dev.perocore.social.app.BenchWaits.waitFor;

import dev.perocore.social.guard.Guard;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench burst [messages] [runs] [brain]}: issue 12's burst. Four bot accounts ({@code
 * bots=N} for another count), each on its own loopback reverse WebSocket (clients on a Vert.x of
 * their own, or in a process of their own with {@code clients=process}, so they never share a
 * loop with the service), {@code messages} NapCat-shaped messages (default 50,000: 5,000 users,
 * 1,000 groups, one in three private) written as fast as the sockets take them ({@code rate=N}:
 * N a second in all), brain {@code none} (or the one named), the store as shipped, a new service
 * for every run ({@code service=warm}: one for all, the chats known after the first). Reports per
 * run: stored/s counted in SQLite, rows lost, event-loop lag p99/max per loop, blocked-thread
 * events, seconds the sockets were paused, context parts missing, writes refused.
 */
final class BurstBenchmark {

  /** The four bot accounts; {@code bots=N} (1-16) for another count, e.g. one alone. */
  private static final int BOTS = 4;
  private static final long FIRST_BOT = 20_000;
  private static final int WARMUPS = 3;

  private final int bots;
  /** {@code rate=N}: the bots write N messages a second in all (0: as fast as the sockets take). */
  private final int rate;
  /** {@code ids=counter}: message ids counted up (rows before 2026-12-01), not NapCat-shaped. */
  private final boolean counterIds;
  /**
   * {@code clients=process}: the bots run in a {@link BenchClients} process of their own, one for
   * all runs (null: in this process, on a Vert.x of their own).
   */
  private final ClientProcess apart;

  private BurstBenchmark(int bots, int rate, boolean counterIds, ClientProcess apart) {
    this.bots = bots;
    this.rate = rate;
    this.counterIds = counterIds;
    this.apart = apart;
  }

  static void main(String[] args) throws Exception {
    // Positional arguments first; any "section.key=value" overlays the shipped config (a sweep of
    // store.queue_high_water, say) without a config file.
    BenchArgs parsed = BenchArgs.parse(args, "clients=process", "service=warm", "ids=counter");
    boolean clientsApart = parsed.has("clients=process");
    boolean warm = parsed.has("service=warm");
    boolean counterIds = parsed.has("ids=counter");
    Map<String, Object> tuning = parsed.overlay();
    int warmups = parsed.option("warmups", WARMUPS);
    int clientNice = parsed.option("client_nice", 0);
    int rate = parsed.option("rate", 0);
    int bots = parsed.option("bots", BOTS);
    if (bots < 1 || bots > 16) {
      throw new IllegalArgumentException("bots must be 1-16");
    }
    if (clientNice < 0 || clientNice > 19 || (clientNice > 0 && !clientsApart)) {
      throw new IllegalArgumentException("client_nice must be 0-19, with clients=process");
    }
    if (rate < 0 || (rate > 0 && (rate < bots || !clientsApart))) {
      throw new IllegalArgumentException("rate must be 0 (unpaced) or at least one a second per"
          + " bot, with clients=process");
    }
    int messages = parsed.intAt(0, 50_000);
    int runs = parsed.intAt(1, 3);
    String brain = parsed.at(2, "none");
    System.out.printf("BurstBenchmark: %d bots, %,d messages (%,d users, %,d groups, 1/3 private),"
            + " %s message ids, brain %s, store as shipped%s, clients %s%s, %s; %d cores, Java"
            + " %s%n", bots, messages, BurstFrames.USERS, BurstFrames.GROUPS,
        counterIds ? "counted (ids=counter)" : "NapCat-shaped", brain,
        tuning.isEmpty() ? "" : " with " + tuning,
        clientsApart ? "in a process of their own" + (clientNice > 0 ? " at nice " + clientNice : "")
            : "in this process (clients=process: apart)",
        rate > 0 ? String.format(" at %,d msgs/s", rate) : " as fast as the sockets take",
        warm ? "one service for every run (service=warm: the chats are known after the first)"
            : "a new service for every run (every chat new to it, as after a restart)",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    ClientProcess apart = clientsApart ? ClientProcess.start(bots, FIRST_BOT, clientNice) : null;
    try {
      new BurstBenchmark(bots, rate, counterIds, apart)
          .runAll(messages, warmups, runs, brain, tuning, warm);
    } finally {
      if (apart != null) {
        apart.close();
      }
    }
  }

  /**
   * Three full bursts first ({@code warmups=N}): the JIT is still compiling the hot path through a
   * third of a million messages (with two, CPU per message still fell from ~70 to ~49 us between
   * the first measured run and the second), and a service that runs for days is measured warm.
   */
  private void runAll(int messages, int warmups, int runs, String brain,
      Map<String, Object> tuning, boolean warm) throws Exception {
    BurstService service = null;
    try {
      for (int n = 0; n < warmups + runs; n++) {
        String label = n < warmups
            ? "warm-up " + (n + 1) + "/" + warmups + " (JIT; not a result)"
            : "run " + (n - warmups + 1);
        if (service == null) {
          service = BurstService.start(brain, tuning, bots, FIRST_BOT, apart);
        }
        // Warm: numbered on from the last burst, so new message ids in the same chats.
        run(label, service, messages, warm ? n * messages : 0);
        if (!warm) {
          BurstService done = service;
          service = null;
          done.close();
        }
      }
    } finally {
      if (service != null) {
        service.close();
      }
    }
  }

  /**
   * One burst of {@code messages} (numbered from {@code offset}) written to {@code service},
   * measured from its counters as they stood before it.
   */
  private void run(String label, BurstService service, int messages, int offset)
      throws Exception {
    PrometheusMeterRegistry registry = service.registry();
    Guard guard = service.guard();
    String[][] frames = null;
    if (apart != null) {
      apart.prepare(messages, offset, counterIds);
    } else {
      frames = BurstFrames.prepare(messages, offset, bots, FIRST_BOT, counterIds);
    }
    Thread.sleep(500);
    guard.loopGuard().takeMaxLag();
    Map<String, TreeMap<Double, Double>> lagBase = lagBuckets(registry);
    double blockedBase = sum(registry, "social.loop.blocked.events");
    double storedBase = stored(registry);
    long rowsBase = service.rowsInSqlite();
    double pausedBase = functionCounter(registry, "social.onebot.paused.seconds");
    double pausesBase = functionCounter(registry, "social.onebot.backpressure.pauses");
    double waitsBase = sum(registry, "social.onebot.read.waits");
    double refusedBase = sum(registry, "social.store.rejected");
    double missingBase = sum(registry, "social.context.parts.missing");
    QueueSampler queues = QueueSampler.start(service.vertx());
    GcPauses gc = GcPauses.start();
    LagSamples lagSamples = new LagSamples(LagSamples.PROBE);
    guard.loopGuard().listen(lagSamples);
    long cpuStart = processCpuNanos();
    // With the clients apart every thread here is the service's: split it by thread group.
    PhaseCpu split = apart == null ? null : PhaseCpu.start();
    long allocStart = allocatedBytes();
    long start = System.nanoTime();
    long clientCpu = apart == null ? 0 : apart.blast(rate);
    await(Future.all(apart == null ? service.blast(frames) : List.of()));
    boolean complete = waitFor(() -> stored(registry) - storedBase >= messages, 120);
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
    long inSqlite = service.rowsInSqlite() - rowsBase;
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
      System.out.printf("  loop %s      lag %s; service histogram p99 %s ms, max %s ms%n", loop,
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
        functionCounter(registry, "social.onebot.paused.seconds") - pausedBase,
        functionCounter(registry, "social.onebot.backpressure.pauses") - pausesBase,
        sum(registry, "social.onebot.read.waits") - waitsBase,
        sum(registry, "social.store.rejected") - refusedBase,
        sum(registry, "social.context.parts.missing") - missingBase);
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
