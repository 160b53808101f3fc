package dev.perocore.social.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.brain.BrainConfig;
import dev.perocore.social.brain.FakeLlm;
import dev.perocore.social.brain.FakeLlmServer.Answer;
import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.store.MessageStatus;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The elements a model may ask for, end to end (fake LLM, brain verticle, shards, simulator over a
 * real WebSocket): {@code [STICKER:name]} of the index becomes a base64 image, {@code [@id]} of a
 * participant an {@code at}, {@code [QUOTE:id]} of a flush message a {@code reply} segment; every
 * other token — an unknown sticker, {@code [@all]}, someone who did not speak, a message outside
 * the flush — reaches QQ as the characters the model wrote.
 */
class ReplyElementsTest {

  static final long GROUP = 910;

  @TempDir
  Path dir;
  @TempDir
  Path stickers;
  @RegisterExtension
  final FakeLlm fakeLlm = new FakeLlm();

  private SessionHarness harness(TestConfig session) {
    BrainConfig brain = TestConfig.defaults()
        .with("brain.llm.base_url", fakeLlm.server().baseUrl()).with("brain.llm.max_retries", 0)
        .with("brain.timeout", "10s").brain();
    return new SessionHarness(dir, session.session(), brain, Duration.ofSeconds(10),
        Duration.ofSeconds(2));
  }

  private static JsonArray segments(JsonObject send) {
    return send.getJsonObject("params").getJsonArray("message");
  }

  private static JsonObject segment(String type, String key, String value) {
    return new JsonObject().put("type", type).put("data", new JsonObject().put(key, value));
  }

  @Test
  void aStickerOfTheIndexIsABase64ImageAndAnUnknownOneStaysText() throws Exception {
    byte[] png = new byte[3000];
    for (int i = 0; i < png.length; i++) {
      png[i] = (byte) (i * 31 + 7);
    }
    Files.write(stickers.resolve("ok.png"), png);
    Files.writeString(stickers.resolve("index.yaml"),
        "ok: {file: ok.png, tags: [yes, agree]}\n");
    TestConfig config = SessionHarness.fast().with("reply.stickers_dir", stickers.toString());
    try (SessionHarness h = harness(config)) {
      fakeLlm.server().then(Answer.text("sure [STICKER:ok]\n\n[STICKER:nope] stays text"));
      h.send(h.sim.groupMention(GROUP, 9, "can you?"));
      h.waitFor("three sends", () -> h.sends("send_group_msg").size() == 3);
      List<JsonObject> sends = h.sends("send_group_msg");
      assertEquals(new JsonArray().add(segment("text", "text", "sure")), segments(sends.get(0)));
      assertEquals(new JsonArray().add(segment("image", "file",
          "base64://" + Base64.getEncoder().encodeToString(png))), segments(sends.get(1)),
          "the sticker is its own message, carrying the file's bytes");
      assertEquals(new JsonArray().add(segment("text", "text", "[STICKER:nope] stays text")),
          segments(sends.get(2)));
      String system = fakeLlm.server().lastBody().getJsonArray("messages").getJsonObject(0)
          .getString("content");
      assertTrue(system.contains("Stickers you can send: ok."), system);

      // The store keeps the sticker's name, not a megabyte of base64 per send.
      ChatKey chat = ChatKey.group(SessionHarness.SELF, GROUP);
      h.waitForRows("three rows", chat, rows -> h.count(rows, MessageStatus.SENT) == 3);
      String stored = h.messages(chat).stream().map(m -> m.row().contentCq())
          .filter(cq -> cq.contains("image")).findFirst().orElseThrow();
      assertEquals("[CQ:image,file=sticker:ok]", stored);
    }
  }

  @Test
  void aMentionOfAParticipantAndAQuoteOfTheFlushAreSegmentsAndNothingElseIs() {
    TestConfig config = SessionHarness.fast().with("reply.quote", "auto");
    try (SessionHarness h = harness(config)) {
      JsonObject earlier = h.sim.groupMessage(GROUP, 8, "look at this");
      String earlierId = String.valueOf(earlier.getValue("message_id"));
      h.send(earlier);
      h.send(h.sim.groupMention(GROUP, 9, "what do you think?"));
      fakeLlm.server().then(Answer.text("[QUOTE:" + earlierId + "][@8] nice [@all] [@12345] [QUOTE:999999]"
          + " [CQ:at,qq=all]"));
      h.waitFor("a send", () -> h.sends("send_group_msg").size() == 1);
      assertEquals(new JsonArray()
              .add(segment("reply", "id", earlierId))
              .add(segment("at", "qq", "8"))
              .add(segment("text", "text",
                  " nice [@all] [@12345] [QUOTE:999999] [CQ:at,qq=all]")),
          segments(h.sends("send_group_msg").get(0)));
      assertFalse(segments(h.sends("send_group_msg").get(0)).encode().contains("\"all\""));
      String user = fakeLlm.server().lastBody().getJsonArray("messages").getJsonObject(1).getString("content");
      assertTrue(user.contains("#" + earlierId + " "), user);
    }
  }

  @Test
  void aBadStickerIndexStopsTheStartWithOneLineNamingTheKey() throws Exception {
    Files.write(stickers.resolve("big.png"), new byte[2048]);
    Files.writeString(stickers.resolve("index.yaml"), "big: {file: big.png}\n");
    TestConfig config = SessionHarness.fast().with("reply.stickers_dir", stickers.toString())
        .with("reply.sticker_max_bytes", "1KiB");
    IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> dev.perocore.social.session.impl.StickerIndex.load(
            stickers.toString(), config.session().reply().stickerMaxBytes()));
    assertEquals("reply.stickers_dir: index.yaml: sticker 'big': big.png is 2048 bytes;"
        + " allowed 1 to reply.sticker_max_bytes (1024)", bad.getMessage());
    Files.writeString(stickers.resolve("index.yaml"), "up: {file: ../secret.png}\n");
    bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> dev.perocore.social.session.impl.StickerIndex.load(stickers.toString(), 1024));
    assertTrue(bad.getMessage().startsWith("reply.stickers_dir: index.yaml: sticker 'up':"),
        bad.getMessage());
  }

  @Test
  void aShardDoesNotStartOnABadIndexAndSaysWhichKey() throws Exception {
    Files.writeString(stickers.resolve("index.yaml"), "gone: {file: missing.png}\n");
    TestConfig config = SessionHarness.fast().with("reply.stickers_dir", stickers.toString());
    dev.perocore.social.testing.GuardedVertx gv = dev.perocore.social.testing.GuardedVertx.fast();
    try {
      SessionShards shards = new SessionShards(gv.guard, Duration.ofSeconds(2), config.session(),
          Duration.ofSeconds(5), config.onebot(), () -> null, () -> "test", 2);
      for (SessionVerticle shard : shards.verticles()) {
        Throwable failed = OnContext.failure(gv.vertx.deployVerticle(shard));
        assertTrue(failed.getMessage().startsWith(
            "reply.stickers_dir: index.yaml: sticker 'gone': missing.png is not a file in "),
            failed.getMessage());
      }
    } finally {
      gv.close();
    }
  }
}
