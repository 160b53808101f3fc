package dev.perocore.social.session;

import static dev.perocore.social.testing.OnContext.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.brain.BrainConfig;
import dev.perocore.social.brain.FakeLlm;
import dev.perocore.social.brain.FakeLlmServer.Answer;
import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.store.Claim;
import dev.perocore.social.testing.Poll;
import dev.perocore.social.testing.TestConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long-term memory is read back (issue 15): a summary stored for a session is recalled into a
 * later flush's prompt, as the fake chat-completions server receives it; a private chat's summary
 * never reaches a group prompt, while a private prompt may recall the user's group; a summary of
 * group A in which a user took part is recalled into group B when that user speaks there.
 */
class MemoryRecallTest {

  static final long GROUP = 960;
  static final long USER = 9;

  @TempDir
  Path dir;
  @RegisterExtension
  final FakeLlm fakeLlm = new FakeLlm();

  private static void summarize(SessionHarness h, ChatKey session, String text,
      List<String> keywords) {
    Claim claim = await(h.store.claim(session, 100));
    await(h.store.storeSummary(claim, text, keywords));
  }

  /** Waits, on the store's futures (never blocking an event loop), for n unsummarized rows. */
  private static void untilUnsummarized(SessionHarness h, String what, ChatKey key, int n) {
    await(Poll.until(h.gv.vertx, Duration.ofMillis(20), Duration.ofSeconds(20), what,
        () -> h.realStore().countUnsummarized(key).map(count -> count == n)));
  }

  private String lastSystem() {
    return fakeLlm.server().lastBody().getJsonArray("messages").getJsonObject(0)
        .getString("content");
  }

  @Test
  void aStoredSummaryIsRecalledLaterAndAPrivateOneNeverIntoAGroup() {
    BrainConfig brain = TestConfig.defaults()
        .with("brain.llm.base_url", fakeLlm.server().baseUrl()).with("brain.llm.max_retries", 0)
        .with("brain.timeout", "10s").brain();
    try (SessionHarness h = new SessionHarness(dir, SessionHarness.fast().session(), brain,
        Duration.ofSeconds(10), Duration.ofSeconds(2))) {
      h.send(h.sim.groupMessage(GROUP, USER, "大家好"));
      h.send(h.sim.privateMessage(USER, "我家的团子生病了"));
      h.waitFor("the private reply", () -> h.replies("sent") == 1);
      ChatKey group = ChatKey.group(SessionHarness.SELF, GROUP);
      ChatKey direct = ChatKey.privateChat(SessionHarness.SELF, USER);
      untilUnsummarized(h, "the group message stored", group, 1);
      summarize(h, group, "群里小明说他养了一只叫团子的橘猫", List.of("团子", "橘猫"));
      summarize(h, direct, "9号私下告诉我他的团子生病了", List.of("团子", "生病"));

      fakeLlm.server().then(Answer.text("团子还好吗"));
      h.send(h.sim.groupMention(GROUP, USER, "团子最近怎么样"));
      h.waitFor("the group reply", () -> h.replies("sent") == 2);
      String groupPrompt = lastSystem();
      assertTrue(groupPrompt.contains("What you remember (your earlier notes):"), groupPrompt);
      assertTrue(groupPrompt.contains(", this chat] 群里小明说他养了一只叫团子的橘猫 (团子, 橘猫)"),
          groupPrompt);
      assertFalse(fakeLlm.server().lastBody().encode().contains("私下"),
          "a private summary never enters a group prompt");

      fakeLlm.server().then(Answer.text("会好的"));
      h.send(h.sim.privateMessage(USER, "团子今天吃药了"));
      h.waitFor("the second private reply", () -> h.replies("sent") == 3);
      String privatePrompt = lastSystem();
      assertTrue(privatePrompt.contains(", this chat] 9号私下告诉我他的团子生病了"), privatePrompt);
      assertTrue(privatePrompt.contains(", group " + GROUP + "] 群里小明说他养了一只叫团子的橘猫"),
          "context.group_in_private (default true) lets the user's group memory in");
    }
  }

  @Test
  void aSummaryOfGroupAAboutUIsRecalledWhenUSpeaksInGroupBButNeverUsPrivateOne() {
    long groupA = 970;
    long groupB = 971;
    long other = 12;
    BrainConfig brain = TestConfig.defaults()
        .with("brain.llm.base_url", fakeLlm.server().baseUrl()).with("brain.llm.max_retries", 0)
        .with("brain.timeout", "10s").brain();
    try (SessionHarness h = new SessionHarness(dir, SessionHarness.fast().session(), brain,
        Duration.ofSeconds(10), Duration.ofSeconds(2))) {
      ChatKey a = ChatKey.group(SessionHarness.SELF, groupA);
      ChatKey b = ChatKey.group(SessionHarness.SELF, groupB);
      ChatKey direct = ChatKey.privateChat(SessionHarness.SELF, USER);
      h.send(h.sim.groupMessage(groupA, USER, "我周末要去杭州"));
      h.send(h.sim.groupMessage(groupA, other, "一路顺风"));
      h.send(h.sim.groupMessage(groupB, other, "今天好冷"));
      h.send(h.sim.privateMessage(USER, "其实我有点担心面试"));
      h.waitFor("the private reply", () -> h.replies("sent") == 1);
      untilUnsummarized(h, "group A's messages stored", a, 2);
      untilUnsummarized(h, "group B's message stored", b, 1);
      summarize(h, a, "9号说周末要去杭州玩", List.of("杭州"));
      summarize(h, b, "群B里12号说今天很冷", List.of("天气"));
      summarize(h, direct, "9号私下说他担心面试", List.of("面试"));

      fakeLlm.server().then(Answer.text("杭州好玩吗"));
      h.send(h.sim.groupMention(groupB, USER, "在吗"));
      h.waitFor("the reply in group B", () -> h.replies("sent") == 2);
      String prompt = lastSystem();
      assertTrue(prompt.contains(", group " + groupA + "] 9号说周末要去杭州玩 (杭州)"), prompt);
      assertTrue(prompt.contains(", this chat] 群B里12号说今天很冷"), prompt);
      assertFalse(fakeLlm.server().lastBody().encode().contains("面试"),
          "U's private summary never enters a group prompt");
    }
  }
}
