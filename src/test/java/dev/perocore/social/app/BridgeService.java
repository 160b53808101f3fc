package dev.perocore.social.app;

import static dev.perocore.social.testing.OnContext.await;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.brain.BrainRoute;
import dev.perocore.social.onebot.OneBotGatewayVerticle;
import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.Poll;
import dev.perocore.social.testing.SentText;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole service in one process with the TCP bridge on and {@code brain.local: false}: no brain
 * of its own, so a bridge client serves {@code social.brain}. Friend requests are approved by
 * policy; a private message summons the brain after 100 ms. A NapCat-shaped simulator is connected
 * over a real WebSocket.
 */
final class BridgeService implements AutoCloseable {

  static final String TOKEN = "bridge-secret-for-tests";
  static final long SELF = 10001;

  final GuardedVertx gv = GuardedVertx.fast();
  final AppConfig config;
  final ServiceAssembly assembly;
  final OneBotSimulator sim;
  final int bridgePort = freePort();

  BridgeService(Path dir) {
    config = TestConfig.defaults().with(Map.of(
        "http.port", 0, "management.port", 0, "store.path", dir.resolve("social.db"),
        "bridge.enabled", true, "bridge.port", bridgePort, "bridge.token", TOKEN,
        "brain.local", false, "requests.friend", "approve",
        "session.summon_private", "100ms", "reply.typing_max", "0s")).app();
    // As SocialApplication does when Vert.x has started.
    BrainRoute.set(gv.vertx, SocialApplication.fullNodeRoute(config));
    assembly = new ServiceAssembly(config, gv.guard, gv.registry);
    await(gv.vertx.deployVerticle(new ServiceSupervisor(assembly.components(), gv.guard,
        assembly.readiness(), Duration.ofSeconds(2), assembly::stopReading)));
    sim = new OneBotSimulator(gv.vertx, SELF).heartbeat(Duration.ZERO);
  }

  void connectBot() {
    await(sim.connectUniversal(assembly.servicePort(), OneBotGatewayVerticle.PATH_UNIVERSAL));
  }

  void send(JsonObject event) {
    await(sim.send(event));
  }

  /** Waits until the simulator received a private message with exactly {@code text}. */
  void waitForPrivateText(String text) {
    await(Poll.untilTrue(gv.vertx, "the simulator received \"" + text + "\"",
        () -> privateTexts().contains(text)));
  }

  List<String> privateTexts() {
    return sim.actionsReceived("send_private_msg").stream()
        .map(a -> SentText.of(a.getJsonObject("params"))).toList();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    await(sim.close());
    gv.close();
  }
}
