package dev.perocore.social.session.admin;

import static dev.perocore.social.testing.OnContext.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.session.EdgeFixture;
import dev.perocore.social.session.SessionDirectory;
import dev.perocore.social.store.MessageRow;
import dev.perocore.social.store.NoticeRow;
import dev.perocore.social.testing.Poll;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in a real browser: Debian's chromium, headless, driven by puppeteer-core
 * ({@code src/test/console/console-test.mjs}, installed by {@code .ci/run} with {@code npm ci})
 * against the admin API on loopback with a NapCat simulator connected. It logs in, finds a stored
 * session, opens its conversation, sends a message from it and approves a held friend request;
 * the simulator must then have received the send and the approval. Screenshots go to {@code
 * target/console/} (or {@code -Dconsole.screenshots=docs/console} to refresh the README's).
 */
class ConsoleBrowserTest {

  private static final long BOT = EdgeFixture.BOT;
  private static final Path SCRIPTS = Path.of("src/test/console");
  private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM",
      "/usr/bin/chromium"));
  /** Every step in the script waits at most 20 s; the whole run far less than this. */
  private static final long RUN_LIMIT_SECONDS = 180;

  @TempDir Path dir;
  private EdgeFixture edge;

  @BeforeEach
  void setUp() {
    edge = new EdgeFixture(dir, TestConfig.requests(Map.of("requests.friend", "hold")), null);
  }

  @AfterEach
  void tearDown() {
    edge.close();
  }

  @Test
  void anOperatorLogsInOpensAConversationAndApprovesAHeldRequest() throws Exception {
    assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " missing: .ci/run installs Debian's"
        + " chromium (apt-get install chromium)");
    assertTrue(Files.isDirectory(SCRIPTS.resolve("node_modules/puppeteer-core")),
        "puppeteer-core missing: .ci/run runs npm ci in " + SCRIPTS);

    ChatKey chat = ChatKey.privateChat(BOT, 20001);
    Instant start = Instant.now().minusSeconds(600);
    await(edge.store.store().upsertUser(20001, "橘猫团子", start));
    for (int i = 1; i <= 3; i++) {
      Instant at = start.plusSeconds(i * 10L);
      await(edge.store.store().append(MessageRow.received(chat, i, 20001, "橘猫团子",
          "你好 message " + i, "[]", at, at, null)));
    }
    await(edge.store.store().append(MessageRow.sent(chat, 4, "bot", "hello back", "[]",
        start.plusSeconds(40))));
    await(edge.store.store().append(MessageRow.failed(chat, 120, "bot", "this one was refused",
        "[]", start.plusSeconds(50))));
    // A recall: a system line of the conversation.
    await(edge.store.store().append(new NoticeRow(BOT, "friend_recall", null, null, 20001L,
        null, "{\"message_id\":2}", start.plusSeconds(25), start.plusSeconds(25))));
    edge.publish(new SessionDirectory.Entry(chat, System.currentTimeMillis(), 0, "idle",
        0));
    await(edge.sim.send(edge.sim.friendRequest(20009, "let me in")));
    await(Poll.until(edge.vertx, Duration.ofMillis(20), Duration.ofSeconds(20), "held request",
        () -> edge.store.store().pendingRequests(100).map(open -> !open.isEmpty())));

    Path shots = Path.of(System.getProperty("console.screenshots", "target/console"));
    Path log = dir.resolve("console-test.log");
    ProcessBuilder node = new ProcessBuilder("node", "console-test.mjs")
        .directory(SCRIPTS.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    node.environment().putAll(Map.of("CONSOLE_URL", "http://127.0.0.1:" + edge.port,
        "CONSOLE_TOKEN", EdgeFixture.TOKEN, "SESSION_KEY", chat.toString(),
        "EXPECT_TEXT", "你好 message 3", "REQUEST_USER", "20009",
        "SHOTS_DIR", shots.toAbsolutePath().toString(), "CHROMIUM", CHROMIUM.toString()));
    Process process = node.start();
    boolean ended = process.waitFor(RUN_LIMIT_SECONDS, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(ended, "the browser run did not end in " + RUN_LIMIT_SECONDS + " s:\n" + output);
    assertEquals(0, process.exitValue(), output);

    List<JsonObject> sends = edge.sim.actionsReceived("send_private_msg");
    assertEquals(1, sends.size(), output);
    assertTrue(sends.get(0).getJsonObject("params").encode().contains("sent from the console"),
        sends.get(0).encode());
    List<JsonObject> answers = edge.sim.actionsReceived("set_friend_add_request");
    assertEquals(1, answers.size(), output);
    assertEquals(true, answers.get(0).getJsonObject("params").getBoolean("approve"));
    assertEquals("from the console", answers.get(0).getJsonObject("params").getString("remark"));
    assertEquals(0, edge.get("/api/v1/requests").bodyAsJsonObject().getInteger("count"));
    for (String page : List.of("login", "sessions", "conversation", "bots", "tasks", "alerts",
        "send", "requests")) {
      assertTrue(Files.size(shots.resolve(page + ".png")) > 0, page);
    }
  }
}
