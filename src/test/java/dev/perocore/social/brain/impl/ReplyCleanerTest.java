package dev.perocore.social.brain.impl;

import static dev.perocore.social.brain.BrainRequest.Mode.OBSERVING;
import static dev.perocore.social.brain.BrainRequest.Mode.SUMMONED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.perocore.social.brain.BotIdentity;
import dev.perocore.social.brain.BrainDecision;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a model wraps around its reply is taken off, and each kind of removal is reported. */
class ReplyCleanerTest {

  static final BotIdentity PERO = new BotIdentity(10001, "Pero");

  private static void cleans(String answer, String sent, Set<OutputCleaning> what) {
    List<OutputCleaning> seen = new ArrayList<>();
    BrainDecision decision = LlmAnswers.decision(answer, SUMMONED, PERO, seen::add);
    assertEquals(new BrainDecision.Reply(sent), decision, answer);
    assertEquals(what.isEmpty() ? Set.of() : EnumSet.copyOf(what), Set.copyOf(seen), answer);
  }

  @Test
  void thinkBlocksAndSpeakerTagsAreStripped() {
    cleans("<think>they greet me, greet back</think>\nPero: hi there!", "hi there!",
        EnumSet.of(OutputCleaning.THINK, OutputCleaning.NAME_PREFIX));
    cleans("reasoning the server left half of</think>sure thing", "sure thing",
        EnumSet.of(OutputCleaning.THINK));
    // Cut off at max_tokens while still thinking: nothing of it is an answer.
    assertEquals(new BrainDecision.Pass("empty answer"), LlmAnswers.decision(
        "<think>they want the group's secrets, so I", SUMMONED, PERO, cleaning -> { }));
    cleans("ok!<THINK>and then", "ok!", EnumSet.of(OutputCleaning.THINK));
    cleans("Me: on my way", "on my way", EnumSet.of(OutputCleaning.NAME_PREFIX));
    cleans("Name：好的", "好的", EnumSet.of(OutputCleaning.NAME_PREFIX));
    cleans("**pero**: ok", "ok", EnumSet.of(OutputCleaning.NAME_PREFIX));
  }

  @Test
  void wrappingQuotesAndEchoedContextLinesAreStripped() {
    cleans("\"see you tomorrow\"", "see you tomorrow", EnumSet.of(OutputCleaning.QUOTES));
    cleans("Pero: “晚安”", "晚安", EnumSet.of(OutputCleaning.NAME_PREFIX, OutputCleaning.QUOTES));
    cleans("[11-30 03:13] Ann (20002): anyone up?\n[11-30 03:14] you (10001): I am!", "I am!",
        EnumSet.of(OutputCleaning.CONTEXT_ECHO));
    cleans("[11-30 03:13] Ann (20002): anyone up?\nme, always", "me, always",
        EnumSet.of(OutputCleaning.CONTEXT_ECHO));
  }

  @Test
  void ordinaryTextIsLeftAlone() {
    cleans("\"a\" and \"b\" are different", "\"a\" and \"b\" are different", Set.of());
    cleans("Note: the shop opens at 9", "Note: the shop opens at 9", Set.of());
    cleans("see [11-30 03:13] in the log", "see [11-30 03:13] in the log", Set.of());
    cleans("first\n\nsecond [SPLIT] third", "first\n\nsecond [SPLIT] third", Set.of());
  }

  @Test
  void aTaggedSilenceWordIsStillSilenceAndNothingIsCounted() {
    List<OutputCleaning> seen = new ArrayList<>();
    assertInstanceOf(BrainDecision.Pass.class,
        LlmAnswers.decision("<think>no</think>Pero: [PASS]", SUMMONED, PERO, seen::add));
    assertInstanceOf(BrainDecision.Pass.class,
        LlmAnswers.decision("\"PASS\"", OBSERVING, PERO, seen::add));
    assertEquals(List.of(), seen);
  }
}
