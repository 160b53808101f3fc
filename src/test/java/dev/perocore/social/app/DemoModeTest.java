package dev.perocore.social.app;

import static dev.perocore.social.testing.OnContext.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.app.config.ConfigLoader;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.Poll;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short run of the demo in this process: the whole service as the app assembles it, with the
 * demo's configuration, and the simulator chatting with it; replies must reach the simulator and
 * the live view must print.
 */
class DemoModeTest {

  @TempDir Path dir;

  @Test
  void theDemoChatsAndTheBotAnswers() {
    JsonObject merged = ConfigLoader.defaults();
    String token = DemoMode.adjust(merged);
    ConfigLoader.overlay(merged, Map.of("http.port", 0, "management.port", 0,
        "store.path", dir.resolve("demo.db"),
        "session.summon_private", "200ms", "session.summon_group", "200ms"));
    AppConfig config = AppConfig.from(merged);
    assertEquals("echo", config.brain().kind().label());
    assertFalse(token.isBlank());
    assertEquals(Optional.of(token), config.adminToken());

    GuardedVertx gv = GuardedVertx.fast();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    try {
      ServiceAssembly assembly = new ServiceAssembly(config, gv.guard, gv.registry);
      await(gv.vertx.deployVerticle(new ServiceSupervisor(assembly.components(), gv.guard,
          assembly.readiness(), Duration.ofSeconds(2), assembly::stopReading)));
      DemoMode demo = await(DemoMode.start(gv.vertx, gv.guard, gv.registry, assembly.sessions(),
          assembly.servicePort(), config.onebot().accessToken(), out));
      await(Poll.until(gv.vertx, Duration.ofMillis(50), Duration.ofSeconds(25),
          "a reply reached the simulator and the view printed",
          () -> io.vertx.core.Future.succeededFuture(demo.repliesReceived() >= 1
              && printed.toString(StandardCharsets.UTF_8).contains("[demo "))));
      assertTrue(demo.messagesSent() >= 1);

      HttpResponse<Buffer> sessions = await(WebClient.create(gv.vertx)
          .get(assembly.servicePort(), "127.0.0.1", "/api/v1/sessions")
          .bearerTokenAuthentication(token).send());
      assertEquals(200, sessions.statusCode());
      assertTrue(sessions.bodyAsJsonObject().getInteger("count") >= 1, sessions.bodyAsString());
      await(demo.stop());
      String view = printed.toString(StandardCharsets.UTF_8);
      List<String> lines = view.lines().filter(l -> l.startsWith("[demo ")).toList();
      assertTrue(lines.get(0).contains("in ") && lines.get(0).contains("loop lag max"), view);
    } finally {
      gv.close();
    }
  }

  /**
   * Issue 13: the demo's simulator numbers its messages from the same start every run, as a bot
   * whose ids repeat. The second run on the same data folder must still answer: a reused id with
   * another time (or in another chat) is another message, never a duplicate.
   */
  @Test
  void theDemoAnswersAgainOnTheSameDataFolder() {
    long firstRunEnded = runDemoUntilAnswered(0);
    // Not a sleep: wait until the wall clock has left the first run's last second, so that no
    // message of the second run has a first-run message's id, sender and time.
    GuardedVertx clock = GuardedVertx.fast();
    try {
      await(Poll.until(clock.vertx, Duration.ofMillis(20), Duration.ofSeconds(5),
          "the next second", () -> io.vertx.core.Future.succeededFuture(
              System.currentTimeMillis() / 1000 > firstRunEnded / 1000)));
    } finally {
      clock.close();
    }
    runDemoUntilAnswered(1);
  }

  /** One demo run on dir's demo.db until a reply arrives; the wall clock when it stopped. */
  private long runDemoUntilAnswered(int run) {
    JsonObject merged = ConfigLoader.defaults();
    DemoMode.adjust(merged);
    ConfigLoader.overlay(merged, Map.of("http.port", 0, "management.port", 0,
        "store.path", dir.resolve("demo.db"),
        "session.summon_private", "200ms", "session.summon_group", "200ms"));
    AppConfig config = AppConfig.from(merged);
    GuardedVertx gv = GuardedVertx.fast();
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    try {
      ServiceAssembly assembly = new ServiceAssembly(config, gv.guard, gv.registry);
      await(gv.vertx.deployVerticle(new ServiceSupervisor(assembly.components(), gv.guard,
          assembly.readiness(), Duration.ofSeconds(2), assembly::stopReading)));
      DemoMode demo = await(DemoMode.start(gv.vertx, gv.guard, gv.registry, assembly.sessions(),
          assembly.servicePort(), config.onebot().accessToken(), out));
      await(Poll.until(gv.vertx, Duration.ofMillis(50), Duration.ofSeconds(25),
          "run " + run + ": a reply reached the simulator",
          () -> io.vertx.core.Future.succeededFuture(demo.repliesReceived() >= 1)));
      await(demo.stop());
      long stopped = System.currentTimeMillis();
      // Every run starts its ids from the same number, so the second run's first message reuses
      // an id of the first (keyed on bot and id alone, as before schema v5, it was a duplicate
      // and went unanswered). Whether it also shares the chat, and so counts as an id collision,
      // depends on the simulator's random sender.
      assertTrue(demo.messagesSent() >= 1);
      assertEquals(0.0, gv.counter("social.store.duplicates"),
          "run " + run + ": no message of this run was taken for one of an earlier run");
      return stopped;
    } finally {
      gv.close();
    }
  }

  @Test
  void forTakesADuration() {
    assertEquals(Optional.of(Duration.ofSeconds(5)), DemoMode.runFor(List.of("--for", "5s")));
    assertEquals(Optional.empty(), DemoMode.runFor(List.of()));
    assertEquals(List.of("--for", "5s"), Cli.parse(new String[] {"demo", "--for", "5s"}).arguments());
  }
}
