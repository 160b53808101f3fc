package dev.perocore.social.ops;

import dev.perocore.social.guard.VertxInternals;
import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/debug/block?ms=N} (mounted only with {@code debug.chaos=true}): blocks one
 * event loop for N ms on purpose, so the whole alerting chain can be proven end to end.
 *
 * <p>It spins rather than sleeps — CPU-bound work is how real handlers block a loop — and never
 * picks the loop serving this request or the management server's, so the answer still goes out
 * and Prometheus can keep scraping while the block is on.
 */
public final class ChaosRoutes implements RouteMount {

  private static final Logger LOG = LoggerFactory.getLogger(ChaosRoutes.class);
  public static final int MAX_BLOCK_MS = 60_000;

  private final Supplier<Set<EventLoop>> protectedLoops;
  /** Written by the spin so the JIT cannot drop the loop. */
  private volatile long busy;

  /** @param protectedLoops event loops that must never be blocked (the management server's) */
  public ChaosRoutes(Supplier<Set<EventLoop>> protectedLoops) {
    this.protectedLoops = protectedLoops;
  }

  @Override
  public void mount(Vertx vertx, Router router) {
    router.post(AdminAuth.PREFIX + "/debug/block").handler(ctx -> block(vertx, ctx));
  }

  private void block(Vertx vertx, RoutingContext ctx) {
    String ms = ctx.queryParams().get("ms");
    int millis;
    try {
      millis = Integer.parseInt(ms == null ? "" : ms.trim());
    } catch (NumberFormatException e) {
      millis = -1;
    }
    if (millis < 1 || millis > MAX_BLOCK_MS) {
      JsonReplies.badField(ctx, "ms", "a whole number of milliseconds from 1 to " + MAX_BLOCK_MS);
      return;
    }
    EventLoop serving = VertxInternals.eventLoopOf(vertx.getOrCreateContext());
    EventLoop victim = pickVictim(vertx, serving);
    if (victim == null) {
      JsonReplies.error(ctx, 409, "no event loop can be blocked without blocking this server or the management server");
      return;
    }
    int duration = millis;
    Context target = VertxInternals.contextOn(vertx, victim);
    target.runOnContext(v -> {
      LOG.warn("debug.chaos: blocking {} for {} ms on request", Thread.currentThread().getName(), duration);
      long end = System.nanoTime() + duration * 1_000_000L;
      // A plain busy loop: Thread.onSpinWait would count as a blocking call under BlockHound.
      while (System.nanoTime() < end) {
        busy++;
      }
      LOG.warn("debug.chaos: released {}", Thread.currentThread().getName());
    });
    JsonReplies.send(ctx, 202, new JsonObject().put("blocking_ms", duration));
  }

  private EventLoop pickVictim(Vertx vertx, EventLoop serving) {
    Set<EventLoop> spared = protectedLoops.get();
    for (EventLoop loop : VertxInternals.eventLoops(vertx)) {
      if (loop != serving && !spared.contains(loop)) {
        return loop;
      }
    }
    return null;
  }
}
