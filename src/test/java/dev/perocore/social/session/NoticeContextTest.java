package dev.perocore.social.session;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.brain.BrainConfig;
import dev.perocore.social.brain.FakeLlm;
import dev.perocore.social.brain.FakeLlmServer.Answer;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notices in context (issue 15): a recall, a mute, a join and a leave of the history's window
 * reach the model as {@code [系统]} lines among the messages, in time order, so it knows that a
 * message was recalled.
 */
class NoticeContextTest {

  static final long GROUP = 970;

  @TempDir
  Path dir;
  @RegisterExtension
  final FakeLlm fakeLlm = new FakeLlm();

  private static JsonObject notice(SessionHarness h, String type, String subType, long user,
      long operator) {
    return h.sim.pokeNotice(GROUP, user).put("notice_type", type).put("sub_type", subType)
        .put("operator_id", operator).put("message_id", 123456).put("duration", 600)
        .put("time", System.currentTimeMillis() / 1000);
  }

  @Test
  void recallsMutesJoinsAndLeavesAreSystemLines() {
    BrainConfig brain = TestConfig.defaults()
        .with("brain.llm.base_url", fakeLlm.server().baseUrl()).with("brain.llm.max_retries", 0)
        .with("brain.timeout", "10s").brain();
    try (SessionHarness h = new SessionHarness(dir, SessionHarness.fast().session(), brain,
        Duration.ofSeconds(10), Duration.ofSeconds(2))) {
      h.send(h.sim.groupMessage(GROUP, 9, "oops wrong chat"));
      h.send(notice(h, "group_recall", "", 9, 9));
      h.send(notice(h, "group_increase", "approve", 11, 5));
      h.send(notice(h, "group_ban", "ban", 12, 5));
      h.send(notice(h, "group_decrease", "leave", 13, 13));
      h.waitFor("four notices stored", () -> h.counter("social.tasks", "kind",
          "session.store.notice", "outcome", "success") == 4);
      fakeLlm.server().then(Answer.text("welcome"));
      h.send(h.sim.groupMention(GROUP, 11, "hi"));
      h.waitFor("the reply", () -> h.replies("sent") == 1);
      String user = fakeLlm.server().lastBody().getJsonArray("messages").getJsonObject(1)
          .getString("content");
      // The recalled message is still buffered, so it is among the latest (each message once).
      assertTrue(user.matches("(?s)\\[[^]]+] \\[系统] user9 \\(9\\) 撤回了一条消息\n"
          + "\\[[^]]+] \\[系统] user11 \\(11\\) 加入了群聊\n"
          + "\\[[^]]+] \\[系统] 12 被 5 禁言 600 秒\n"
          + "\\[[^]]+] \\[系统] 13 退出了群聊\n\n"
          + "Latest messages \\(answer these\\):\n"
          + "\\[[^]]+] #\\d+ user9 \\(9\\): oops wrong chat\n.*"), user);
    }
  }
}
