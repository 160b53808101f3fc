package dev.perocore.social.app;

import static dev.perocore.social.app.BenchWaits.await;
import static dev.perocore.social.app.BenchWaits.waitFor;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.guard.Guard;
import dev.perocore.social.onebot.OneBotGatewayVerticle;
import dev.perocore.social.sim.NapCatIds;
import dev.perocore.social.sim.OneBotSimulator;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench} / {@code bench service}: the whole service (as {@code run} assembles it) and a
 * NapCat simulator in this process, over a loopback reverse WebSocket, with the echo brain and a
 * 50 ms summon timer. For 1k and then 100k sessions it reports: inbound messages stored per second
 * end to end (frames written by the simulator until {@code social_store_rows_total{kind=message}}
 * counts them committed) with the single writer's load, then whether 20k/s offered at a steady
 * pace is kept up with and the event-loop lag meanwhile, reply latency from a private message's frame to the reply's send action
 * (and the overhead beyond the summon timer), event-loop lag p99/max, blocked-thread events, and
 * heap used after GC. Bounded in count and time; stops by itself. A benchmark, not a test: it
 * prints its report to stdout.
 *
 * <p>Settings (said in the report): group chats buffer without flushing during the ingest phase
 * ({@code session.idle_flush} 10m, {@code max_buffer} 10000), so the ingest figure is gateway +
 * session + store, not brain work; the 100k-session run switches groups to {@code off} (stored
 * only), so each of its sessions has received one message and sits idle with an empty buffer.
 * Pacing is opened up ({@code 1000000/1s}) so the gateway's send budget does not dominate. The
 * store runs as shipped (group commit defaults, raw event JSON kept).
 */
final class ServiceBenchmark {

  private static final long BOT = ServiceFrames.BOT;
  private static final Duration SUMMON = Duration.ofMillis(50);
  /**
   * Messages in flight in the ingest phase: about four times the default store.queue_high_water,
   * so the store's queue sits at its high-water mark and the sockets pause, as in a real burst.
   * Fixed since 2026-12-01 (second session); before it was four batches (4 x batch_max, then
   * 1,024).
   */
  private static final int INGEST_WINDOW = 4_096;
  /** The ingest target for this machine, offered open loop after the closed loop. */
  private static final int PACED_RATE = 20_000;
  private static final int PACED_SECONDS = 3;

  /** {@code section.key=value} arguments: overlaid on the benchmark's own settings. */
  private final Map<String, Object> tuning;
  /**
   * NapCat-shaped message ids (31 bits in no order), or with {@code ids=counter} the counter that
   * rows measured before 2026-12-01 had: that only ever appended to the identity index.
   */
  private final boolean counterIds;

  private ServiceBenchmark(Map<String, Object> tuning, boolean counterIds) {
    this.tuning = tuning;
    this.counterIds = counterIds;
  }

  static void main(String[] args) throws Exception {
    BenchArgs parsed = BenchArgs.parse(args, "ids=counter");
    new ServiceBenchmark(parsed.overlay(), parsed.has("ids=counter")).runAll(parsed);
  }

  private void runAll(BenchArgs parsed) throws Exception {
    int ingest = parsed.intAt(0, 100_000);
    int replies = parsed.intAt(1, 1_000);
    int rate = parsed.intAt(2, 200);
    // Three full-size warm-ups: with one, C2 was still compiling through the measured 1k phase
    // (34 us of the service's 87 us of CPU per message went to the JIT; after three, 4 of 59),
    // so that phase measured the compiler, not the service.
    int warmups = parsed.option("warmups", 3);
    System.out.printf("ServiceBenchmark: whole service + simulator in one process, loopback;"
            + " %d cores, Java %s, max heap %d MiB%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf("  echo brain, summon timer %d ms, store group commit (defaults),"
        + " onebot pacing opened up, message ids %s%s%n", SUMMON.toMillis(),
        counterIds ? "counting up (ids=counter)" : "NapCat-shaped (31 bits in no order)",
        tuning.isEmpty() ? "" : "; with " + tuning);
    System.out.println("  the simulator runs on a Vert.x of its own (one event loop): its CPU is"
        + " counted apart from the service's");
    System.out.printf("  private messages for the reply phase: %d at %d/s, each to its own session%n",
        replies, rate);
    // Full-size warm-ups let the measured phases see a warm JIT, as a service running for days
    // does (each run is a new service on the same JVM: its compiled code is reused).
    for (int w = 1; w <= warmups; w++) {
      run("warm-up " + w + "/" + warmups + " (JIT; not a result)", 1_000, "reply", ingest, 300, rate,
          0);
    }
    run("1k sessions", 1_000, "reply", ingest, replies, rate, PACED_RATE);
    run("100k sessions", 100_000, "off", 100_000, replies, rate, PACED_RATE);
  }

  /** The message id of the {@code seq}th message sent: NapCat-shaped, or the counter itself. */
  private long id(long seq) {
    return counterIds ? seq : NapCatIds.of(seq);
  }

  private void run(String label, int sessions, String groupMode, int ingest, int replies,
      int rate, int pacedRate) throws Exception {
    Path dir = Files.createTempDirectory("social-bench");
    Map<String, Object> overlay = new LinkedHashMap<>();
    overlay.put("http.port", 0);
    overlay.put("management.port", 0);
    overlay.put("brain.kind", "echo");
    overlay.put("guard.lag_probe_interval", "10ms");
    overlay.put("session.summon_private", SUMMON);
    overlay.put("session.summon_group", SUMMON);
    overlay.put("session.idle_flush", "10m");
    // The machinery's latency, not the humanlike typing pauses a reply waits on purpose.
    overlay.put("reply.typing_max", "0s");
    overlay.put("session.max_buffer", 10_000);
    overlay.put("session.group_mode", groupMode);
    overlay.put("session.evict_after", "1h");
    overlay.put("memory.summarize_after", 0);
    overlay.put("onebot.send_rate_per_group", "1000000/1s");
    overlay.put("onebot.send_rate_per_bot", "1000000/1s");
    overlay.put("onebot.dedupe_size", 1_000_000);
    // The store as shipped (raw event JSON kept, as store.raw_retention's default does).
    overlay.put("store.path", dir.resolve("bench.db"));
    overlay.put("log.level", "WARN");
    overlay.putAll(tuning);
    AppConfig config = AppConfig.defaultsWith(overlay);

    PrometheusMeterRegistry registry = MetricsSetup.newRegistry();
    Vertx vertx = VertxSetup.builder(config, registry, new VertxOptions()).build();
    // NapCat runs in a process of its own: the simulator gets a loop of its own, never one of the
    // service's, so what it costs can be told apart (PhaseCpu).
    Vertx clients = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      Warmup.run(vertx, registry);
      Guard guard = Guard.install(vertx, registry, config.guard());
      ServiceAssembly assembly = new ServiceAssembly(config, guard, registry);
      await(vertx.deployVerticle(new ServiceSupervisor(assembly.components(), guard,
          assembly.readiness(), config.drainTimeout(), assembly::stopReading)));
      OneBotSimulator sim = new OneBotSimulator(clients, BOT).heartbeat(Duration.ZERO);
      await(sim.connectUniversal(assembly.servicePort(), OneBotGatewayVerticle.PATH_UNIVERSAL));
      long[] simThreads = {loopThread(clients), Thread.currentThread().getId()};
      Thread.sleep(300);
      long heapBefore = heapAfterGc();
      System.out.printf("%n== %s (groups %s) ==%n", label, groupMode);

      // Phase 1: ingest. Group chatter spread over `sessions` groups, closed loop: at most
      // INGEST_WINDOW messages in flight, whatever store.batch_max (so runs that vary it compare).
      int window = INGEST_WINDOW;
      PhaseLag probe = PhaseLag.start(guard, registry);
      WriterLoad writerBase = WriterLoad.of(registry);
      GcPauses gc = GcPauses.start();
      PhaseCpu cpu = PhaseCpu.start(simThreads);
      long start = System.nanoTime();
      int sent = 0;
      long seq = 1;
      while (sent < ingest) {
        int chunk = Math.min(window / 2, ingest - sent);
        int base = sent;
        long firstSeq = seq;
        await(sim.blast(chunk, i -> ServiceFrames.group(id(firstSeq + i),
            30_000 + (base + i) % sessions, 20_000 + (base + i) % 997)));
        seq += chunk;
        sent += chunk;
        long allowed = sent - window;
        waitFor(() -> stored(registry) >= allowed, 60);
      }
      boolean complete = waitFor(() -> stored(registry) >= ingest, 60);
      double took = (System.nanoTime() - start) / 1e9;
      long got = (long) stored(registry);
      String cpuUsed = cpu.stop(got);
      String paused = gc.stop();
      PhaseLag.Result ingestLag = probe.finish();
      System.out.printf("  ingest      %,9d group messages stored in %5.2f s = %,8.0f msgs/s%s%n",
          got, took, got / took, complete ? "" : " (INCOMPLETE)");
      System.out.printf("              loop lag p99 %s, max %.1f ms; blocked-thread events %d%n",
          ingestLag.p99(), ingestLag.maxMs(), ingestLag.blocked());
      System.out.println("              " + WriterLoad.of(registry).since(writerBase, took));
      System.out.println("              cpu " + cpuUsed);
      System.out.println("              gc " + paused);
      if (pacedRate > 0) {
        seq = paced(sim, registry, guard, pacedRate, sessions, seq, simThreads);
      }

      // The reply phase measures replies, not the tail of the burst before it: the WAL of 160k
      // messages is checkpointed first (measured: a checkpoint step queued on the writer while
      // replies run holds their appends, p99 overhead 6-21 ms instead of 5-7).
      long settleStart = System.nanoTime();
      await(assembly.store().checkpoint(true));
      System.out.printf("  settle      WAL checkpointed (TRUNCATE) in %.0f ms before the replies%n",
          (System.nanoTime() - settleStart) / 1e6);

      // Phase 2: replies (ReplyPhase).
      seq = ReplyPhase.run(vertx, sim, guard, registry, replies, rate, seq, this::id,
          SUMMON);

      long heapAfter = heapAfterGc();
      System.out.printf("  sessions    %,d live; heap used after GC %d MiB (before traffic %d MiB,"
              + " %.0f bytes per session)%n", assembly.sessions().size(), heapAfter >> 20,
          heapBefore >> 20, (heapAfter - heapBefore) / (double) Math.max(1,
              assembly.sessions().size()));
      await(sim.close());
    } finally {
      clients.close().await(30, TimeUnit.SECONDS);
      vertx.close().await(60, TimeUnit.SECONDS);
      BenchFolders.delete(dir);
    }
  }

  /**
   * Phase 1b: open loop at a fixed rate (the target, 20k/s) for {@link #PACED_SECONDS}:
   * whether the service keeps up, and the event-loop lag while it does. A saturating closed loop
   * says how fast; this says how the loops fare at a rate the service is meant to carry.
   */
  private long paced(OneBotSimulator sim, PrometheusMeterRegistry registry, Guard guard,
      int perSecond, int sessions, long firstSeq, long[] simThreads) throws Exception {
    int tickMs = 5;
    int perTick = perSecond * tickMs / 1000;
    int ticks = PACED_SECONDS * 1000 / tickMs;
    double storedBefore = stored(registry);
    PhaseLag probe = PhaseLag.start(guard, registry);
    GcPauses gc = GcPauses.start();
    PhaseCpu cpu = PhaseCpu.start(simThreads);
    long start = System.nanoTime();
    long next = start;
    long seq = firstSeq;
    int late = 0;
    Future<Void> previous = Future.succeededFuture();
    for (int t = 0; t < ticks; t++) {
      for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
      next += TimeUnit.MILLISECONDS.toNanos(tickMs);
      if (!previous.isComplete()) {
        late++;
        await(previous);  // one blast at a time per socket: a burst never overlaps the last
      }
      long base = seq;
      previous = sim.blast(perTick, i -> ServiceFrames.group(id(base + i),
          30_000 + (base + i) % sessions, 20_000 + (base + i) % 997));
      seq += perTick;
    }
    await(previous);
    long offered = seq - firstSeq;
    boolean complete = waitFor(() -> stored(registry) - storedBefore >= offered, 60);
    double took = (System.nanoTime() - start) / 1e9;
    String cpuUsed = cpu.stop((long) (stored(registry) - storedBefore));
    String paused = gc.stop();
    PhaseLag.Result lag = probe.finish();
    System.out.printf("  paced       %,9d offered at %,d/s for %d s: stored %,.0f/s%s;"
            + " %d of %d ticks late%n", offered, perSecond, PACED_SECONDS,
        (stored(registry) - storedBefore) / took, complete ? "" : " (INCOMPLETE)", late, ticks);
    System.out.printf("              loop lag p99 %s, max %.1f ms; blocked-thread events %d%n",
        lag.p99(), lag.maxMs(), lag.blocked());
    System.out.println("              cpu " + cpuUsed);
    System.out.println("              gc " + paused);
    return seq;
  }

  /** The id of the one event-loop thread of {@code clients}. */
  private static long loopThread(Vertx clients) throws Exception {
    Promise<Long> id = Promise.promise();
    clients.getOrCreateContext().runOnContext(v -> id.complete(Thread.currentThread().getId()));
    return await(id.future());
  }

  private static double stored(PrometheusMeterRegistry registry) {
    return BenchWaits.storedMessages(registry);
  }

  private static long heapAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }


  static List<String> names() {
    return List.of("service");
  }
}
