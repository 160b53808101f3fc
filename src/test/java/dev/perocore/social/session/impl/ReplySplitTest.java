package dev.perocore.social.session.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perocore.social.session.ReplyConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplySplitTest {

  @Test
  void anAnswerIsCutAtBlankLinesAndMarkersIntoAtMostMaxParts() {
    assertEquals(List.of("one", "two", "three"),
        ReplySplit.parts("one\n\ntwo [SPLIT] three", true, 4));
    assertEquals(List.of("a", "b", "c\n\nd\n\ne"),
        ReplySplit.parts("a\n\nb\n \nc[split]d\n\n\n\ne", true, 3), "extra parts join the last");
    assertEquals(List.of("line one\nline two"), ReplySplit.parts("line one\nline two", true, 4),
        "a single line break is not a paragraph");
    assertEquals(List.of(), ReplySplit.parts(" [SPLIT] [ SPLIT ]", true, 4));
  }

  @Test
  void withoutSplittingTheMarkerBecomesAParagraphBreakAndNeverReachesQq() {
    assertEquals(List.of("one\n\ntwo\n\nthree"),
        ReplySplit.parts("one[SPLIT]two\n\n\nthree", false, 4));
    assertEquals(List.of("one\n\ntwo"), ReplySplit.parts("one\n\ntwo", true, 1));
  }

  @Test
  void theTypingPauseFollowsTheLengthUpToTheCap() {
    ReplyConfig reply = new ReplyConfig(true, 4, 8, Duration.ofSeconds(4), ReplyConfig.Quote.AUTO);
    assertEquals(Duration.ofMillis(625), reply.typingDelay(5));
    assertEquals(Duration.ofSeconds(4), reply.typingDelay(1000));
    assertEquals(Duration.ZERO, new ReplyConfig(true, 4, 8, Duration.ZERO,
        ReplyConfig.Quote.AUTO).typingDelay(50));
  }
}
