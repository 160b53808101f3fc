package dev.perocore.social.app;

import dev.perocore.social.guard.LocalCodec;
import dev.perocore.social.onebot.InboundEvent;
import dev.perocore.social.onebot.event.DecodeResult;
import dev.perocore.social.onebot.event.EventDecoder;
import dev.perocore.social.onebot.impl.OneBotMetrics;
import dev.perocore.social.session.SessionAddresses;
import dev.perocore.social.session.SessionRouter;
import dev.perocore.social.session.impl.EventKeys;
import dev.perocore.social.onebot.event.MessageEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the hand-off gateway -> event bus -> session shard costs per message, in CPU (the whole
 * process: every loop, GC, the registry), as the service runs it (issue 12): a gateway loop
 * publishes a NapCat-shaped message event with the local codec {@value #TURN} times per turn,
 * spread over {@value #SHARDS} shard addresses each consumed on its own loop ({@code same}: on the
 * gateway's loop), counting each through the gateway's meters ({@code OneBotMetrics.event} and
 * {@code eventAge}). Phases, interleaved in every round, each on a fresh Vert.x:
 * {@code EVENT_BUS_ON} the Vert.x metrics with the event-bus domain on (main before issue 12),
 * {@code SHIPPED} {@link MetricsSetup#options()} as shipped, {@code SHIPPED_BATCHED} the same with
 * one bus message per turn per shard (a sketch of batching, not what the gateway does), {@code
 * NO_VERTX_METRICS} the floor. After each round: the per-event counter (main's String-keyed map
 * against the pre-bound one) and the shard address (built per event against built once). A
 * benchmark, not a test:
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *   dev.perocore.social.app.HandOffBenchmark [events per phase] [rounds] [same]</pre>
 */
public final class HandOffBenchmark {

  private static final int TURN = 64;
  private static final int SHARDS = 2;
  private static final int IN_FLIGHT = 20_000;

  /** Several events of one read turn for one shard, as one bus message (the batching sketch). */
  record Batch(List<InboundEvent> events) {}

  private enum Phase { EVENT_BUS_ON, SHIPPED, SHIPPED_BATCHED, NO_VERTX_METRICS }

  private final Phase phase;
  private final InboundEvent event;
  private final int n;
  private final boolean sameLoop;
  private final AtomicLong received = new AtomicLong();
  private final CompletableFuture<Void> all = new CompletableFuture<>();
  private final CompletableFuture<Void> sent = new CompletableFuture<>();
  private final String[] addresses = new String[SHARDS];
  private Context gateway;
  private EventBus bus;
  private OneBotMetrics meters;
  private DeliveryOptions local;
  private DeliveryOptions localBatch;

  private HandOffBenchmark(Phase phase, InboundEvent event, int n, boolean sameLoop) {
    this.phase = phase;
    this.event = event;
    this.n = n;
    this.sameLoop = sameLoop;
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    // "same": the shards' consumers on the gateway's loop (no cross-thread wake-up: the bus and
    // meter costs alone); otherwise each shard on its own loop, as the service runs.
    boolean sameLoop = args.length > 2 && args[2].equals("same");
    InboundEvent event = event();
    System.out.printf(Locale.ROOT, "HandOffBenchmark: %,d events per phase, %d rounds (the first"
        + " is warm-up), %d shards on %s, turns of %d, %d cores, Java %s%n", n, rounds, SHARDS,
        sameLoop ? "the gateway's loop" : "their own loops", TURN,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    for (int round = 0; round < rounds; round++) {
      for (Phase phase : Phase.values()) {
        double[] r = new HandOffBenchmark(phase, event, n, sameLoop).run();
        System.out.printf(Locale.ROOT, "  round %d %-17s %7.0f ns CPU/event  %7.0f ns wall/event%s%n",
            round, phase, r[0], r[1], round == 0 ? "  (warm-up)" : "");
      }
      meterLookups(round);
      shardAddresses(round, event);
    }
  }

  private double[] run() throws Exception {
    PrometheusMeterRegistry registry = MetricsSetup.newRegistry();
    VertxOptions options = new VertxOptions().setEventLoopPoolSize(SHARDS + 1);
    if (phase != Phase.NO_VERTX_METRICS) {
      MicrometerMetricsOptions metrics = MetricsSetup.options();
      if (phase == Phase.EVENT_BUS_ON) {
        metrics.setDisabledMetricsCategories(new HashSet<>());
      }
      options.setMetricsOptions(metrics);
    }
    Vertx vertx = phase == Phase.NO_VERTX_METRICS ? Vertx.builder().with(options).build()
        : Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry)).build();
    try {
      bus = vertx.eventBus();
      bus.registerCodec(new LocalCodec<>(InboundEvent.class));
      bus.registerCodec(new LocalCodec<>(Batch.class));
      local = new DeliveryOptions().setCodecName(LocalCodec.nameOf(InboundEvent.class))
          .setLocalOnly(true);
      localBatch = new DeliveryOptions().setCodecName(LocalCodec.nameOf(Batch.class))
          .setLocalOnly(true);
      gateway = vertx.getOrCreateContext();
      for (int s = 0; s < SHARDS; s++) {
        String address = "social.session." + s;
        addresses[s] = address;
        if (sameLoop) {
          CompletableFuture<Void> registered = new CompletableFuture<>();
          gateway.runOnContext(v -> bus.localConsumer(address, m -> consume(m.body()))
              .completion().onComplete(ar -> registered.complete(null)));
          registered.join();
        } else {
          vertx.deployVerticle(new AbstractVerticle() {
            @Override
            public void start() {
              vertx.eventBus().localConsumer(address, m -> consume(m.body()));
            }
          }, new DeploymentOptions()).toCompletionStage().toCompletableFuture().join();
        }
      }
      meters = new OneBotMetrics(registry);
      long cpu0 = processCpuNanos();
      long wall0 = System.nanoTime();
      gateway.runOnContext(v -> turn(0));
      sent.join();
      all.join();
      long wall = System.nanoTime() - wall0;
      long cpu = processCpuNanos() - cpu0;
      return new double[] {(double) cpu / n, (double) wall / n};
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  private void consume(Object body) {
    int count = body instanceof Batch batch ? batch.events().size() : 1;
    if (received.addAndGet(count) == n) {
      all.complete(null);
    }
  }

  /** One read turn: publish up to TURN events, then yield the loop (as a connection does). */
  private void turn(int done) {
    // Bounded in flight, as the gateway's read gate bounds it: no queue of a million events.
    if (done - received.get() > IN_FLIGHT) {
      gateway.owner().setTimer(1, id -> turn(done));
      return;
    }
    int end = Math.min(n, done + TURN);
    List<List<InboundEvent>> batches = null;
    if (phase == Phase.SHIPPED_BATCHED) {
      batches = new ArrayList<>();
      for (int s = 0; s < SHARDS; s++) {
        batches.add(new ArrayList<>());
      }
    }
    for (int i = done; i < end; i++) {
      meters.event(event.postType());
      meters.eventAge(event.event().time(), event.receivedAtMillis());
      if (batches == null) {
        bus.publish(addresses[i % SHARDS], event, local);
      } else {
        batches.get(i % SHARDS).add(event);
      }
    }
    if (batches != null) {
      for (int s = 0; s < SHARDS; s++) {
        if (!batches.get(s).isEmpty()) {
          bus.publish(addresses[s], new Batch(batches.get(s)), localBatch);
        }
      }
    }
    if (end == n) {
      sent.complete(null);
    } else {
      gateway.runOnContext(v -> turn(end));
    }
  }

  /** The gateway's per-event counter: main's map lookup by String against the pre-bound one. */
  private static void meterLookups(int round) {
    int calls = 20_000_000;
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ConcurrentMap<String, Counter> map = new ConcurrentHashMap<>();
    String postType = new String("message"); // not the literal: as decoded from a frame
    long t0 = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      map.computeIfAbsent(postType, type -> Counter.builder("social.onebot.events")
          .tag("post_type", type).register(registry)).increment();
    }
    long t1 = System.nanoTime();
    OneBotMetrics metrics = new OneBotMetrics(registry);
    long t2 = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      metrics.event(postType);
    }
    long t3 = System.nanoTime();
    System.out.printf(Locale.ROOT, "  round %d events counter: map lookup %.1f ns/call,"
        + " pre-bound %.1f ns/call%n", round, (double) (t1 - t0) / calls,
        (double) (t3 - t2) / calls);
  }

  /**
   * The router's address and the bus's handler lookup by it: a string built per event (main) and
   * so hashed again per lookup, against the router's addresses built once.
   */
  private static void shardAddresses(int round, InboundEvent event) {
    int calls = 20_000_000;
    int shards = 4;
    ConcurrentMap<String, Object> handlers = new ConcurrentHashMap<>();
    for (int s = 0; s < shards; s++) {
      handlers.put(SessionAddresses.shard(s), new Object());
    }
    SessionRouter router = new SessionRouter(shards);
    long sink = 0;
    long t0 = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      // main's SessionRouter: the same key, then the address concatenated
      sink += handlers.get(SessionAddresses.shard(
          EventKeys.of((MessageEvent) event.event()).shard(shards))).hashCode();
    }
    long t1 = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      sink += handlers.get(router.address(event)).hashCode();
    }
    long t2 = System.nanoTime();
    System.out.printf(Locale.ROOT, "  round %d shard address + handler lookup: key + address built"
        + " per event %.1f ns, key + address built once %.1f ns  (%d)%n", round, (double) (t1 - t0) / calls,
        (double) (t2 - t1) / calls, sink & 1);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static InboundEvent event() throws Exception {
    try (InputStream in = HandOffBenchmark.class.getResourceAsStream(
        "/onebot-v11/message-group-reply-array.json")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      DecodeResult.Decoded decoded = (DecodeResult.Decoded) new EventDecoder().decodeText(text);
      return new InboundEvent(decoded.event().selfId(), "message", decoded.event(), "bench",
          System.currentTimeMillis(), Buffer.buffer(text));
    }
  }
}
