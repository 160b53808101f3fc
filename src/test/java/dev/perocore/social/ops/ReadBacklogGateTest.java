package dev.perocore.social.ops;

import static dev.perocore.social.testing.OnContext.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perocore.social.guard.LoopBacklog;
import dev.perocore.social.onebot.EventRouter;
import dev.perocore.social.onebot.OneBotConfig;
import dev.perocore.social.onebot.OneBotGatewayVerticle;
import dev.perocore.social.onebot.event.MessageEvent;
import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.Poll;
import dev.perocore.social.testing.TestConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway reads no further frames while the event loops are behind ({@code
 * onebot.read_backlog_max}), asks again every millisecond ({@code social_onebot_read_waits_total}),
 * and reads everything once they caught up: the gate here is a queue size the test holds, so
 * "behind" lasts exactly as long as the test says.
 */
class ReadBacklogGateTest {

  private static final long SELF = 20011;
  private final GuardedVertx gv = GuardedVertx.fast();
  private OneBotSimulator sim;

  @AfterEach
  void tearDown() {
    if (sim != null) {
      await(sim.close());
    }
    gv.close();
  }

  @Test
  void framesWaitInTheSocketWhileTheLoopsAreBehindAndAreAllReadAfter() {
    OneBotConfig onebot = TestConfig.defaults().onebot();
    AtomicInteger messages = new AtomicInteger();
    EventRouter counting = event -> {
      if (event.event() instanceof MessageEvent) {
        messages.incrementAndGet();
      }
      return null;
    };
    AtomicInteger queued = new AtomicInteger(1_000);  // one "loop" far behind: bound 10
    OneBotGatewayVerticle gateway =
        new OneBotGatewayVerticle(gv.guard, Duration.ofSeconds(2), onebot, counting);
    gateway.followLoops(LoopBacklog.of(List.of(queued::get), 10));
    await(gv.vertx.deployVerticle(gateway));
    ServiceServer service = GatewayServer.deploy(gv, gateway, onebot);
    sim = new OneBotSimulator(gv.vertx, SELF).heartbeat(Duration.ZERO);
    await(sim.connectUniversal(service.actualPort(), OneBotGatewayVerticle.PATH_UNIVERSAL));
    for (int i = 0; i < 100; i++) {
      await(sim.send(sim.groupMessage(300 + i % 3, 42, "held " + i)));
    }
    // Twenty retries are twenty milliseconds at least with the gate shut: long enough for a read
    // to have happened had the gate let it.
    await(Poll.untilTrue(gv.vertx, "the reads put off 20 times",
        () -> gv.counter("social.onebot.read.waits") >= 20));
    assertEquals(0, messages.get(), "nothing read while the loops are behind");

    queued.set(0);
    await(Poll.untilTrue(gv.vertx, "all 100 read once the loops caught up",
        () -> messages.get() == 100));
    assertEquals(100, messages.get());
  }
}
