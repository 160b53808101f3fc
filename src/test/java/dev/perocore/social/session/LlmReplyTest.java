package dev.perocore.social.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perocore.social.brain.BrainConfig;
import dev.perocore.social.brain.FakeLlm;
import dev.perocore.social.brain.FakeLlmServer.Answer;
import dev.perocore.social.testing.SentText;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LLM path end to end: a real chat-completions server, the real brain verticle, the session
 * shards and the simulator over a real WebSocket. What the model wrote is cleaned, split, or
 * recognised as silence before anything reaches QQ.
 */
class LlmReplyTest {

  static final long GROUP = 900;

  @TempDir
  Path dir;
  @RegisterExtension
  final FakeLlm fakeLlm = new FakeLlm();

  private SessionHarness harness(TestConfig session, boolean secretaryMaySpeak) {
    BrainConfig brain = TestConfig.defaults()
        .with("brain.llm.base_url", fakeLlm.server().baseUrl()).with("brain.llm.max_retries", 0)
        .with("brain.timeout", "10s").with("brain.secretary_may_speak", secretaryMaySpeak)
        .brain();
    return new SessionHarness(dir, session.with("reply.typing_max", "20ms").session(), brain,
        Duration.ofSeconds(10), Duration.ofSeconds(2));
  }

  private static List<String> texts(List<JsonObject> sends) {
    return sends.stream().map(s -> SentText.of(s.getJsonObject("params"))).toList();
  }

  @Test
  void aCleanedTwoParagraphAnswerIsTwoSendsAndOnlyAWholePassIsSilence() {
    try (SessionHarness h = harness(SessionHarness.fast(), true)) {
      fakeLlm.server().then(Answer.text("<think>they ask two things</think>Me: \"first, yes\n\nsecond, no\""));
      h.send(h.sim.groupMention(GROUP, 9, "two questions"));
      h.waitFor("two parts", () -> h.sends("send_group_msg").size() == 2);
      assertEquals(List.of("first, yes", "second, no"), texts(h.sends("send_group_msg")));
      assertEquals(1, h.counter("social.brain.output.cleaned", "what", "think"));
      assertEquals(1, h.counter("social.brain.output.cleaned", "what", "name_prefix"));
      assertEquals(1, h.counter("social.brain.output.cleaned", "what", "quotes"));

      fakeLlm.server().then(Answer.text("[PASS]"));
      h.send(h.sim.groupMention(GROUP, 9, "spam"));
      h.waitFor("the pass", () -> h.replies("passed") == 1);

      // Before: a [PASS] anywhere in the answer dropped it.
      fakeLlm.server().then(Answer.text("I'd [PASS] on that"));
      h.send(h.sim.groupMention(GROUP, 9, "durian?"));
      h.waitFor("the answer", () -> h.sends("send_group_msg").size() == 3);
      assertEquals("I'd [PASS] on that", texts(h.sends("send_group_msg")).get(2));
      // Counted when the flight ends, after the last row is stored: wait, do not race it.
      h.waitFor("two sent replies", () -> h.replies("sent") == 2);
    }
  }

  @Test
  void theSecretarySaysOneShortLineWhenObservingAndNothingWhenItMayNotSpeak() {
    TestConfig observing = SessionHarness.fast().with("session.idle_flush", "200ms");
    try (SessionHarness h = harness(observing, true)) {
      fakeLlm.server().then(Answer.text("Lovely weather!\n\nPerfect for a nap."));
      h.send(h.sim.groupMessage(GROUP, 9, "lovely weather today"));
      h.waitFor("the secretary's line", () -> h.sends("send_group_msg").size() == 1);
      assertEquals("Lovely weather!\n\nPerfect for a nap.",
          SentText.of(h.sends("send_group_msg").get(0).getJsonObject("params")),
          "an observing answer is one message, not split");
      assertEquals(1, h.counter("social.brain.decisions", "mode", "observing",
          "decision", "reply"));
    }
  }

  @Test
  void withSecretaryMaySpeakOffAnObservingAnswerIsNotSent() {
    TestConfig observing = SessionHarness.fast().with("session.idle_flush", "200ms");
    try (SessionHarness h = harness(observing, false)) {
      fakeLlm.server().then(Answer.text("Lovely weather!"));
      h.send(h.sim.groupMessage(GROUP, 9, "lovely weather today"));
      h.waitFor("the observing pass", () -> h.counter("social.brain.decisions", "mode",
          "observing", "decision", "pass") == 1);
      h.waitFor("the flush passed", () -> h.replies("passed") == 1);
      assertEquals(0, h.sends("send_group_msg").size());
      assertEquals(1, fakeLlm.server().requests());
    }
  }
}
