package dev.perocore.social.session;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.onebot.OneBotGatewayVerticle;
import dev.perocore.social.session.backfill.BackfillVerticle;
import dev.perocore.social.store.MessageOrigin;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What an outage of 60 s costs: the simulator drops every message its chats send while the bot is
 * disconnected (as NapCat does) and remembers them (as QQ does); after the reconnect the backfill
 * runs with the shipped defaults (5 pages x 50 per chat, 60 s budget, one call per 500 ms) and the
 * benchmark reports messages recovered and lost, per scenario. The outage's 60 s are event times
 * (spread over the minute before the reconnect), so a run does not wait a minute per scenario;
 * the backfill itself runs in real time. A benchmark, not a test.
 *
 * <p>Run (after {@code mvn -B -q test-compile} and {@code mvn -B -q dependency:build-classpath
 * -Dmdep.outputFile=target/cp.txt}):
 * <pre>java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *   dev.perocore.social.session.BackfillOutageBenchmark</pre>
 */
public final class BackfillOutageBenchmark {

  private BackfillOutageBenchmark() {}

  /** A chat: private (peer) or group, and how many messages it sends during the outage. */
  record Chat(boolean group, long peer, int duringOutage) {}

  public static void main(String[] args) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add(run("typical: 20 private + 10 group chats, 120 messages in 60 s",
        chats(20, 10, 4, 4)));
    List<Chat> busy = chats(20, 9, 2, 2);
    busy.add(new Chat(true, 9_999, 600));
    lines.add(run("busy: one group at 10 msg/s (600) + 29 quiet chats (58)", busy));
    lines.add(run("wide: 150 chats with 1 message each", chats(100, 50, 1, 1)));
    System.out.println();
    lines.forEach(System.out::println);
    System.exit(0);
  }

  private static List<Chat> chats(int privates, int groups, int perPrivate, int perGroup) {
    List<Chat> chats = new ArrayList<>();
    for (int i = 0; i < privates; i++) {
      chats.add(new Chat(false, 1_000 + i, perPrivate));
    }
    for (int i = 0; i < groups; i++) {
      chats.add(new Chat(true, 5_000 + i, perGroup));
    }
    return chats;
  }

  private static String run(String name, List<Chat> chats) throws Exception {
    Path dir = Files.createTempDirectory("backfill-outage");
    SessionConfig session = SessionHarness.fast().with("session.idle_flush", "10m").session();
    try (SessionHarness h = SessionHarness.withTestBrain(dir, session, Duration.ofSeconds(5))) {
      h.testBrain.behaviour = TestBrain.Behaviour.PASS;
      TestConfig config = TestConfig.defaults(); // the shipped onebot.backfill.* defaults
      BackfillVerticle backfill = new BackfillVerticle(h.gv.guard, Duration.ofSeconds(2),
          config.app().backfill(), config.onebot(), h::realStore, h.gateway::bots,
          Duration.ofSeconds(10));
      OnContext.await(h.gv.vertx.deployVerticle(backfill));
      h.waitFor("start-up backfill", () -> h.sends("get_version_info").size() == 1
          && backfill.taskSet().size() == 0);
      long now = System.currentTimeMillis() / 1000;
      // Each chat spoke before the outage, so the store knows it.
      for (Chat c : chats) {
        h.send(message(h, c, "before").put("time", now - 90));
      }
      h.waitFor("rows before the outage", () -> h.counter("social.store.rows", "kind",
          "message") >= chats.size());

      h.sim.dropConnections();
      h.waitFor("the bot gone", () -> h.gateway.bot(SessionHarness.SELF)
          .map(b -> b.roles().isEmpty()).orElse(false));
      Random random = new Random(13);
      List<JsonObject> outage = new ArrayList<>();
      for (Chat c : chats) {
        for (int i = 0; i < c.duringOutage(); i++) {
          outage.add(message(h, c, "away " + i));
        }
      }
      // Spread over the minute before the reconnect, in time order per chat.
      long[] times = random.longs(outage.size(), now - 60, now).sorted().toArray();
      for (int i = 0; i < outage.size(); i++) {
        h.send(outage.get(i).put("time", times[i]));
      }
      long missed = h.sim.missedWhileDisconnected();

      long start = System.nanoTime();
      OnContext.await(h.sim.connectUniversal(h.port(), OneBotGatewayVerticle.PATH_UNIVERSAL));
      h.waitFor("the backfill ran", () -> h.sends("get_version_info").size() == 2);
      // The run may take the whole budget (60 s): longer than a test's waits.
      while (backfill.taskSet().size() > 0) {
        Thread.sleep(50);
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      StringBuilder short_ = new StringBuilder();
      for (Chat c : chats) {
        ChatKey key = c.group() ? ChatKey.group(SessionHarness.SELF, c.peer())
            : ChatKey.privateChat(SessionHarness.SELF, c.peer());
        long got = h.messages(key).stream()
            .filter(m -> m.row().origin() == MessageOrigin.BACKFILL).count();
        if (got < c.duringOutage()) {
          short_.append(' ').append(key).append(' ').append(got).append('/')
              .append(c.duringOutage());
        }
      }
      if (short_.length() > 0) {
        System.out.println(name + ": chats short of their outage messages:" + short_);
      }
      double recovered = h.counter("social.backfill.messages");
      return String.format("%-62s missed %4d, recovered %4.0f, lost %4.0f; chats complete %.0f,"
              + " capped %.0f, failed %.0f; %d history calls; backfill took %d ms", name, missed,
          recovered, missed - recovered, h.counter("social.backfill.chats", "outcome", "complete"),
          h.counter("social.backfill.chats", "outcome", "capped"),
          h.counter("social.backfill.chats", "outcome", "failed"),
          h.sends("get_group_msg_history").size() + h.sends("get_friend_msg_history").size(), ms);
    }
  }

  private static JsonObject message(SessionHarness h, Chat c, String text) {
    return c.group() ? h.sim.groupMessage(c.peer(), 77, text)
        : h.sim.privateMessage(c.peer(), text);
  }
}
