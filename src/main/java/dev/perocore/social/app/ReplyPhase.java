package dev.perocore.social.app;

import static dev.perocore.social.app.BenchWaits.waitFor;

import dev.perocore.social.guard.Guard;
import dev.perocore.social.onebot.OneBotAddresses;
import dev.perocore.social.sim.OneBotSimulator;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench service}'s reply phase: private messages to distinct users (each its own session,
 * summoned) at a steady rate; latency = frame written -> the reply's send action reaching the
 * gateway (an outbound interceptor on the service's event bus), and the lag meanwhile.
 */
final class ReplyPhase {

  private static final Pattern SEQ = Pattern.compile("lat (\\d+)");

  private ReplyPhase() {}

  /**
   * Runs the phase and prints its lines; returns the next free message sequence number. The
   * {@code seq}th message sent carries message id {@code ids(seq)}.
   */
  static long run(Vertx vertx, OneBotSimulator sim, Guard guard, PrometheusMeterRegistry registry,
      int replies, int rate, long firstSeq, LongUnaryOperator ids, Duration summon)
      throws Exception {
    long seq = firstSeq;
    // Phase 2: replies. Private messages to distinct users (each its own session, summoned);
    // latency = frame written -> the reply's send action reaching the gateway.
    AtomicLongArray sentAt = new AtomicLongArray(replies);
    AtomicLongArray answeredAt = new AtomicLongArray(replies);
    AtomicInteger answered = new AtomicInteger();
    io.vertx.core.Handler<DeliveryContext<Object>> interceptor = dc -> {
      if (OneBotAddresses.ACTION.equals(dc.message().address())
          && dc.message().body() instanceof JsonObject action
          && "send_private_msg".equals(action.getString("action"))) {
        Matcher m = SEQ.matcher(String.valueOf(action.getJsonObject("params")
            .getValue("message")));
        if (m.find()) {
          int n = Integer.parseInt(m.group(1));
          if (n < replies && answeredAt.compareAndSet(n, 0, System.nanoTime())) {
            answered.incrementAndGet();
          }
        }
      }
      dc.next();
    };
    vertx.eventBus().addOutboundInterceptor(interceptor);
    PhaseLag probe = PhaseLag.start(guard, registry);
    TreeMap<Double, Double> flushBase = PhaseLag.buckets(registry, "social.reply.latency");
    TreeMap<Double, Double> commitBase = PhaseLag.buckets(registry, "social.store.commit");
    java.util.concurrent.atomic.AtomicInteger sendFailures =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicReference<Throwable> firstSendFailure =
        new java.util.concurrent.atomic.AtomicReference<>();
    long every = TimeUnit.SECONDS.toNanos(1) / rate;
    long next = System.nanoTime();
    for (int n = 0; n < replies; n++) {
      // Sleep, never spin: the service shares these two cores with the benchmark.
      for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
      next += every;
      sentAt.set(n, System.nanoTime());
      // Counted on the simulator's loop, said from this thread: no console write on a loop.
      sim.sendRaw(ServiceFrames.privateFrame(ids.applyAsLong(seq++), 50_000 + n, "lat " + n))
          .onFailure(cause -> {
            sendFailures.incrementAndGet();
            firstSendFailure.compareAndSet(null, cause);
          });
    }
    waitFor(() -> answered.get() >= replies, 30);
    PhaseLag.Result replyLag = probe.finish();
    TreeMap<Double, Double> flushNow = PhaseLag.buckets(registry, "social.reply.latency");
    TreeMap<Double, Double> commitNow = PhaseLag.buckets(registry, "social.store.commit");
    vertx.eventBus().removeOutboundInterceptor(interceptor);
    long[] latencies = new long[answered.get()];
    int k = 0;
    for (int n = 0; n < replies; n++) {
      if (answeredAt.get(n) != 0 && k < latencies.length) {
        latencies[k++] = answeredAt.get(n) - sentAt.get(n);
      }
    }
    Arrays.sort(latencies);
    if (sendFailures.get() > 0) {
      System.out.printf("  send failed %d time(s), first: %s%n", sendFailures.get(),
          firstSendFailure.get());
    }
    System.out.printf("  replies     %,d of %,d answered; latency p50 %.1f ms, p99 %.1f ms,"
            + " max %.1f ms (summon timer %d ms: overhead p50 %.1f ms, p99 %.1f ms)%n",
        latencies.length, replies, pct(latencies, 0.50), pct(latencies, 0.99),
        pct(latencies, 1.0), summon.toMillis(), pct(latencies, 0.50) - summon.toMillis(),
        pct(latencies, 0.99) - summon.toMillis());
    System.out.printf("              loop lag p99 %s, max %.1f ms; blocked-thread events %d%n",
        replyLag.p99(), replyLag.maxMs(), replyLag.blocked());
    System.out.printf("              of which flush -> send acked p50 %s, p99 %s;"
            + " store commit p99 %s%n", PhaseLag.quantile(flushBase, flushNow, 0.5),
        PhaseLag.quantile(flushBase, flushNow, 0.99), PhaseLag.quantile(commitBase, commitNow, 0.99));
    return seq;
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }
}
