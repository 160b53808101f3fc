package dev.perocore.social.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.onebot.ClientRole;
import dev.perocore.social.onebot.InboundEvent;
import dev.perocore.social.onebot.OneBotAddresses;
import dev.perocore.social.onebot.OneBotGatewayVerticle;
import dev.perocore.social.onebot.event.GroupMessageEvent;
import dev.perocore.social.onebot.event.MessageEvent;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.Poll;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** The simulator against the real gateway: generated traffic, formats, drops, benchmark frames. */
class OneBotSimulatorTest {

  @Test
  void generatedTrafficComesFromManyUsersAndGroupsInBothFormatsAndDropsAreSilent() {
    GuardedVertx guarded = GuardedVertx.with(TestConfig.defaults().guard());
    try {
      OneBotGatewayVerticle gateway = new OneBotGatewayVerticle(guarded.guard, Duration.ofSeconds(1),
          TestConfig.defaults().onebot());
      OnContext.await(guarded.vertx.deployVerticle(gateway));
      ConcurrentLinkedQueue<InboundEvent> messages = new ConcurrentLinkedQueue<>();
      OnContext.await(guarded.vertx.eventBus().<InboundEvent>consumer(
          OneBotAddresses.INBOUND_PREFIX + "message", m -> messages.add(m.body())).completion());
      Router router = gateway.mount(Router.router(guarded.vertx));
      int port = OnContext.await(guarded.vertx.createHttpServer(new HttpServerOptions()
          .setHost("127.0.0.1").setPort(0)).requestHandler(router).listen()).actualPort();

      OneBotSimulator sim = new OneBotSimulator(guarded.vertx, 10001).format(MessageFormat.MIXED)
          .population(20, 5).heartbeat(Duration.ofMillis(50));
      OnContext.await(sim.connectUniversal(port, OneBotGatewayVerticle.PATH_UNIVERSAL));
      sim.startTraffic(200);
      OnContext.await(Poll.untilTrue(guarded.vertx, "100 messages", () -> messages.size() >= 100));
      sim.stopTraffic();
      Set<Long> senders = ConcurrentHashMap.newKeySet();
      Set<String> formats = ConcurrentHashMap.newKeySet();
      for (InboundEvent e : messages) {
        MessageEvent m = (MessageEvent) e.event();
        senders.add(m.userId());
        formats.add(m.raw().getString("message_format"));
      }
      assertTrue(senders.size() > 5, "messages from many users: " + senders.size());
      assertEquals(Set.of("array", "string"), formats);
      assertTrue(gateway.bot(10001).orElseThrow().sinceLastHeartbeat().isPresent());
      assertTrue(gateway.bot(10001).orElseThrow().roles().contains(ClientRole.UNIVERSAL));

      int before = messages.size();
      sim.dropNext(2);
      for (int i = 0; i < 3; i++) {
        OnContext.await(sim.send(sim.groupMessage(30001, 20001, "n" + i)));
      }
      OnContext.await(Poll.untilTrue(guarded.vertx, "one message after two drops",
          () -> messages.stream().anyMatch(e -> e.event() instanceof GroupMessageEvent g
              && g.message().plainText().equals("n2"))));
      assertTrue(messages.stream().noneMatch(e -> ((MessageEvent) e.event()).message().plainText()
          .equals("n0")), "dropped events never arrive");
      assertTrue(messages.size() > before);

      // The benchmark's frames decode as what they claim to be.
      OnContext.await(sim.sendRaw(GatewayBenchmark.frame(10001, 1)));
      OnContext.await(sim.sendRaw(GatewayBenchmark.frame(10001, 2)));
      OnContext.await(Poll.untilTrue(guarded.vertx, "benchmark frames", () -> messages.stream()
          .filter(e -> ((MessageEvent) e.event()).mentionsSelf()).count() == 2));
      OnContext.await(sim.close());
    } finally {
      guarded.close();
    }
  }
}
