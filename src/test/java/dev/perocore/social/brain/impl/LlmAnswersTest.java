package dev.perocore.social.brain.impl;

import static dev.perocore.social.brain.BrainRequest.Mode.OBSERVING;
import static dev.perocore.social.brain.BrainRequest.Mode.SUMMONED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.brain.BrainDecision;
import dev.perocore.social.brain.RequestVerdict;
import dev.perocore.social.brain.Summary;
import java.util.List;
import org.junit.jupiter.api.Test;

class LlmAnswersTest {

  @Test
  void everySilenceWordAloneInAnyCaseWithPunctuationIsSilenceWhenObserving() {
    for (String answer : List.of("PASS", "pass", "Pass.", " IGNORE ", "None", "NULL", "null!",
        "NO", "no.", "\"PASS\"", "PASS。", "**PASS**", "<think>maybe speak?</think>PASS", "")) {
      assertInstanceOf(BrainDecision.Pass.class, LlmAnswers.decision(answer, OBSERVING), answer);
    }
  }

  @Test
  void theWholeAnswerBeingASilenceWordIsSilenceInBothModes() {
    for (var mode : List.of(OBSERVING, SUMMONED)) {
      for (String answer : List.of("[PASS]", "[pass]", " [ PASS ] ", "PASS", "pass", "IGNORE",
          "ignore", "NONE", "Null", "NO", "no", "<think>nothing for me</think>\n[PASS]", "")) {
        BrainDecision decision = LlmAnswers.decision(answer, mode);
        assertInstanceOf(BrainDecision.Pass.class, decision, mode + ": " + answer);
        assertTrue(((BrainDecision.Pass) decision).reason().startsWith("answered")
            || answer.isEmpty(), answer);
      }
    }
  }

  @Test
  void aSilenceWordInsideAnAnswerIsPartOfTheMessage() {
    // Before: "[PASS]" or "IGNORE" anywhere dropped the whole answer.
    for (var mode : List.of(OBSERVING, SUMMONED)) {
      for (String answer : List.of("I'd [PASS] on that", "nothing to add [PASS] really",
          "IGNORE the noise and read the docs", "No pass needed", "None of them, sorry")) {
        assertEquals(new BrainDecision.Reply(answer), LlmAnswers.decision(answer, mode),
            mode + ": " + answer);
      }
    }
  }

  @Test
  void ordinaryAnswersAreRepliesAndAShortNoIsAnAnswerWhenSummoned() {
    assertEquals(new BrainDecision.Reply("No."), LlmAnswers.decision("No.", SUMMONED));
    assertEquals(new BrainDecision.Reply("Nothing special, just relaxing."),
        LlmAnswers.decision("  Nothing special, just relaxing.\n", OBSERVING));
    assertEquals(new BrainDecision.Reply("please don't ignore me"),
        LlmAnswers.decision("please don't ignore me", SUMMONED), "lower-case ignore is chat");
    assertEquals(new BrainDecision.Reply("[CQ:at,qq=20002] hi"),
        LlmAnswers.decision("<think>greet</think>[CQ:at,qq=20002] hi", SUMMONED));
  }

  @Test
  void summaryJsonIsFoundInFencesAndAmongOtherText() {
    Summary fenced = LlmAnswers.summary("""
        Here you go:
        ```json
        {"summary": "Alice and Bob planned a picnic.", "keywords": ["picnic", "Saturday"]}
        ```
        Hope it helps!""");
    assertEquals(new Summary("Alice and Bob planned a picnic.", List.of("picnic", "Saturday")),
        fenced);

    Summary messy = LlmAnswers.summary(
        "Sure! {\"summary\": \"  猫的讨论  \", \"keywords\": \"猫, 狗、 猫\"} (end)");
    assertEquals(new Summary("猫的讨论", List.of("猫", "狗")), messy);

    Summary noKeywords = LlmAnswers.summary("{\"summary\":\"short\"}");
    assertEquals(List.of(), noKeywords.keywords());
  }

  @Test
  void aSummaryAnswerWithoutJsonOrWithoutSummaryTextFailsClearly() {
    var noJson = assertThrows(IllegalArgumentException.class,
        () -> LlmAnswers.summary("I cannot summarize that."));
    assertTrue(noJson.getMessage().contains("no JSON object"), noJson.getMessage());
    var empty = assertThrows(IllegalArgumentException.class,
        () -> LlmAnswers.summary("{\"summary\": \"\", \"keywords\": []}"));
    assertTrue(empty.getMessage().contains("summary"), empty.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> LlmAnswers.summary("```json\n{\"summary\": 42}\n```"));
  }

  @Test
  void theVerdictIsTheOneVerdictWordOrHoldWhenUnclear() {
    assertEquals(RequestVerdict.APPROVE, LlmAnswers.verdict("APPROVE"));
    assertEquals(RequestVerdict.APPROVE, LlmAnswers.verdict("I think we should approve."));
    assertEquals(RequestVerdict.REJECT, LlmAnswers.verdict("REJECT - looks like spam"));
    assertEquals(RequestVerdict.HOLD, LlmAnswers.verdict("hold"));
    assertEquals(RequestVerdict.HOLD, LlmAnswers.verdict("APPROVE or REJECT? hard to say"));
    assertEquals(RequestVerdict.HOLD, LlmAnswers.verdict("no idea"));
    assertEquals(RequestVerdict.REJECT,
        LlmAnswers.verdict("<think>should I APPROVE?</think>REJECT"));
  }
}
