package dev.perocore.social.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.brain.BrainConfig;
import dev.perocore.social.brain.FakeLlm;
import dev.perocore.social.brain.FakeLlmServer.Answer;
import dev.perocore.social.sim.ActionBehaviour;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group names in prompts (issue 15): OneBot messages carry none, so the session asks the
 * implementation ({@code get_group_info}, answered by the simulator as NapCat does) once per
 * {@code context.group_name_expiry}; the model reads the name. An implementation that fails the
 * action, or never answers it, costs only the name — the prompt says {@code group <id>} and the
 * reply still goes. A sender is named by their group card over their nickname.
 */
class GroupNamePromptTest {

  static final long GROUP = 980;

  @TempDir
  Path dir;
  @RegisterExtension
  final FakeLlm fakeLlm = new FakeLlm();

  private SessionHarness harness() {
    BrainConfig brain = TestConfig.defaults()
        .with("brain.llm.base_url", fakeLlm.server().baseUrl()).with("brain.llm.max_retries", 0)
        .with("brain.timeout", "10s").brain();
    TestConfig session = SessionHarness.fast().with("context.group_name_timeout", "300ms");
    return new SessionHarness(dir, session.session(), brain, Duration.ofSeconds(10),
        Duration.ofSeconds(2));
  }

  private String lastSystem() {
    return fakeLlm.server().lastBody().getJsonArray("messages").getJsonObject(0)
        .getString("content");
  }

  private static JsonObject withCard(JsonObject event, String card) {
    event.getJsonObject("sender").put("card", card);
    return event;
  }

  @Test
  void theNameFromGetGroupInfoIsInThePromptAskedOnceAndTheCardNamesTheSender() {
    try (SessionHarness h = harness()) {
      fakeLlm.server().then(Answer.text("你好"));
      h.send(withCard(h.sim.groupMention(GROUP, 9, "在吗"), "群名片小九"));
      h.waitFor("the first reply", () -> h.replies("sent") == 1);
      String system = lastSystem();
      assertTrue(system.contains("the group chat 测试群 " + GROUP + " (" + GROUP + ")"), system);
      String everything = fakeLlm.server().lastBody().encode();
      assertTrue(everything.contains("群名片小九 (9): "), "the card, not user9: " + everything);
      assertFalse(everything.contains("user9"), everything);

      fakeLlm.server().then(Answer.text("又见面了"));
      h.send(h.sim.groupMention(GROUP, 9, "还在吗"));
      h.waitFor("the second reply", () -> h.replies("sent") == 2);
      assertTrue(lastSystem().contains("测试群 " + GROUP), lastSystem());
      assertEquals(1, h.sim.actionsReceived("get_group_info").size(), "kept, not asked per reply");
      assertEquals(GROUP, h.sim.actionsReceived("get_group_info").get(0).getJsonObject("params")
          .getLong("group_id"));
    }
  }

  @Test
  void aFailedGetGroupInfoFallsBackToTheNumberAndTheReplyGoes() {
    try (SessionHarness h = harness()) {
      h.sim.answer("get_group_info", ActionBehaviour.failed(1404, "不支持的Api get_group_info"));
      fakeLlm.server().then(Answer.text("你好"));
      h.send(h.sim.groupMention(GROUP, 9, "在吗"));
      h.waitFor("the reply", () -> h.replies("sent") == 1);
      String system = lastSystem();
      assertTrue(system.contains("the group chat group " + GROUP), system);
      assertFalse(system.contains("测试群"), system);
    }
  }

  @Test
  void aGetGroupInfoThatNeverAnswersFallsBackAfterItsTimeoutAndTheReplyGoes() {
    try (SessionHarness h = harness()) {
      h.sim.answer("get_group_info", ActionBehaviour.never());
      fakeLlm.server().then(Answer.text("你好"));
      h.send(h.sim.groupMention(GROUP, 9, "在吗"));
      h.waitFor("the reply", () -> h.replies("sent") == 1);
      assertTrue(lastSystem().contains("the group chat group " + GROUP), lastSystem());
      assertEquals(1.0, h.gv.counter("social.timeouts", "op", "session.context.group_name"),
          "the wait is named and counted");
    }
  }
}
