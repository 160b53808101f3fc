package dev.perocore.social.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.brain.BrainConfig;
import dev.perocore.social.brain.FakeLlm;
import dev.perocore.social.brain.FakeLlmServer.Answer;
import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.Poll;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat prompt as the model receives it (issue 15), through a real fake chat-completions server
 * that records every request, the real brain verticle, the session shards and the simulator over a
 * real WebSocket: alternating turns (the bot's own lines as assistant turns), each message once,
 * CQ codes readable, the bot's id and name and the time with its zone stated, and a template in
 * {@code brain.prompts_dir} replacing the in-jar one; the summary prompt states the bot's id and
 * name too, and names the bot's own lines after it.
 */
class ChatPromptTest {

  static final long GROUP = 950;

  @TempDir
  Path dir;
  @RegisterExtension
  final FakeLlm fakeLlm = new FakeLlm();

  private SessionHarness harness(TestConfig extra) {
    return harness(extra, 0);
  }

  /** @param summarizeAfter {@code memory.summarize_after}; 0 = no summaries */
  private SessionHarness harness(TestConfig extra, int summarizeAfter) {
    TestConfig all = extra.with("brain.llm.base_url", fakeLlm.server().baseUrl())
        .with("brain.llm.max_retries", 0).with("brain.timeout", "10s")
        .with("brain.persona", "你是Pero，一只爱吃团子的猫。")
        .with("session.bots", Map.of(Long.toString(SessionHarness.SELF), Map.of("name", "Pero")))
        .with("reply.typing_max", "0s");
    BrainConfig brain = all.brain();
    // Its image URLs are QQ's, off this machine: tests fetch from loopback only (ImagesSeenTest).
    TestConfig session = SessionHarness.fast().with("session.bots",
        Map.of(Long.toString(SessionHarness.SELF), Map.of("name", "Pero")))
        .with("media.enabled", false);
    if (summarizeAfter > 0) {
      session = session.with("memory.summarize_after", summarizeAfter);
    }
    return new SessionHarness(dir, session.session(), brain, Duration.ofSeconds(10),
        Duration.ofSeconds(2));
  }

  /** A group message whose content is the given OneBot segments (array format). */
  static JsonObject withSegments(JsonObject event, JsonArray segments) {
    return event.put("message", segments).put("message_format", "array").put("raw_message", "");
  }

  static JsonObject segment(String type, Map<String, Object> data) {
    return new JsonObject().put("type", type).put("data", new JsonObject(data));
  }

  private static String content(JsonObject message) {
    Object content = message.getValue("content");
    return content instanceof String text ? text
        : ((JsonArray) content).getJsonObject(0).getString("text");
  }

  @Test
  void historyIsAlternatingTurnsEachMessageOnceReadableWithTheBotAndTheTimeStated() {
    try (SessionHarness h = harness(TestConfig.defaults())) {
      JsonObject first = h.sim.groupMessage(GROUP, 9, "");
      long firstId = first.getLong("message_id");
      h.send(withSegments(first, new JsonArray()
          .add(segment("text", Map.of("text", "大家好 & <你们> ")))
          .add(segment("face", Map.of("id", "14")))));
      fakeLlm.server().then(Answer.text("你好呀"));
      h.send(h.sim.groupMention(GROUP, 9, "在吗"));
      h.waitFor("the first reply", () -> h.replies("sent") == 1);

      fakeLlm.server().then(Answer.text("记得"));
      h.send(withSegments(h.sim.groupMessage(GROUP, 10, ""), new JsonArray()
          .add(segment("reply", Map.of("id", Long.toString(firstId))))
          .add(segment("at", Map.of("qq", Long.toString(SessionHarness.SELF))))
          .add(segment("text", Map.of("text", " 还记得我吗")))
          .add(segment("image", Map.of("file", "abc.jpg", "summary", "[动画表情]",
              "url", "https://multimedia.nt.qq.com.cn/download?appid=1407&fileid=x&rkey=y")))));
      h.waitFor("the second reply", () -> h.replies("sent") == 2);

      List<JsonObject> bodies = fakeLlm.server().bodies();
      JsonArray messages = bodies.get(bodies.size() - 1).getJsonArray("messages");
      List<String> roles = messages.stream().map(m -> ((JsonObject) m).getString("role")).toList();
      assertEquals(List.of("system", "user", "assistant", "user"), roles, messages.encodePrettily());

      String system = content(messages.getJsonObject(0));
      assertTrue(system.contains("You are Pero (QQ " + SessionHarness.SELF + ")"), system);
      assertTrue(system.contains("你是Pero，一只爱吃团子的猫。"), system);
      // The simulator answers get_group_info as NapCat does: the group's name, then its number.
      assertTrue(system.contains("the group chat 测试群 " + GROUP + " (" + GROUP + ")"), system);
      assertTrue(system.matches("(?s).*It is now \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d \\(\\w+day\\)"
          + " Asia/Shanghai, UTC\\+08:00\\..*"), system);

      String earlier = content(messages.getJsonObject(1));
      assertTrue(earlier.matches("(?s)\\[\\d\\d-\\d\\d \\d\\d:\\d\\d] user9 \\(9\\): 大家好 & <你们>"
          + " \\[表情:微笑]\n\\[\\d\\d-\\d\\d \\d\\d:\\d\\d] user9 \\(9\\): @Pero 在吗"), earlier);
      assertEquals("你好呀", content(messages.getJsonObject(2)), "the bot's line is its turn");

      String latest = content(messages.getJsonObject(3));
      assertTrue(latest.startsWith("Latest messages (answer these):\n["), latest);
      assertTrue(latest.contains("user10 (10): [回复 user9: 大家好 & <你们> [表情:微笑]]@Pero 还记得我吗"
          + "[图片 动画表情]"), latest);

      String everything = messages.encode();
      assertEquals(1, count(everything, "在吗"), "each message once");
      assertEquals(1, count(everything, "还记得我吗"));
      assertFalse(everything.contains("[CQ:"), "no raw CQ codes");
      assertFalse(everything.contains("&amp;") || everything.contains("&#91;"), "no entities");
      assertFalse(everything.contains("rkey"), "no image URLs");
    }
  }

  @Test
  void aTemplateInPromptsDirReplacesTheDefault() throws Exception {
    Path prompts = Files.createDirectories(dir.resolve("prompts"));
    Files.writeString(prompts.resolve("system.md"),
        "OPERATOR TEMPLATE for {bot_name} #{bot_id} in {chat_type} {chat_name} at {now}. {persona}");
    try (SessionHarness h = harness(TestConfig.defaults().with("brain.prompts_dir",
        prompts.toString()).with("brain.timezone", "Asia/Tokyo"))) {
      fakeLlm.server().then(Answer.text("hi"));
      h.send(h.sim.groupMention(GROUP, 9, "hello"));
      h.waitFor("the reply", () -> h.replies("sent") == 1);
      String system = content(fakeLlm.server().lastBody().getJsonArray("messages")
          .getJsonObject(0));
      assertTrue(system.startsWith("OPERATOR TEMPLATE for Pero #" + SessionHarness.SELF
          + " in group 测试群 " + GROUP + " at "), system);
      assertTrue(system.contains("Asia/Tokyo, UTC+09:00"), system);
      assertFalse(system.contains("[PASS]"), "the default template is gone");
    }
  }

  @Test
  void theSummaryRequestStatesTheBotsIdAndName() {
    try (SessionHarness h = harness(TestConfig.defaults(), 2)) {
      fakeLlm.server().then(Answer.text("好呀"));
      h.send(h.sim.groupMention(GROUP, 9, "陪我聊天"));
      h.waitFor("the reply", () -> h.replies("sent") == 1);
      fakeLlm.server().then(Answer.text("{\"summary\": \"9号找Pero聊天\", \"keywords\": [\"聊天\"]}"));
      h.send(h.sim.groupMessage(GROUP, 10, "我也来"));
      OnContext.await(Poll.until(h.gv.vertx, Duration.ofMillis(20), Duration.ofSeconds(20),
          "the summary stored", () -> h.realStore().summaries(
              ChatKey.group(SessionHarness.SELF, GROUP), 10).map(rows -> !rows.isEmpty())));
      JsonArray summary = fakeLlm.server().bodies().stream()
          .map(body -> body.getJsonArray("messages"))
          .filter(m -> content(m.getJsonObject(0)).contains("long-term memory"))
          .findFirst().orElseThrow();
      String system = content(summary.getJsonObject(0));
      assertTrue(system.startsWith("You keep the long-term memory of Pero (QQ "
          + SessionHarness.SELF + ")."), system);
      String chat = content(summary.getJsonObject(1));
      assertTrue(chat.contains("user9 (9): @Pero 陪我聊天"), chat);
      assertTrue(chat.contains("Pero (" + SessionHarness.SELF + "): 好呀"), chat);
    }
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
