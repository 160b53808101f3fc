package dev.perocore.social.session.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perocore.social.brain.ReplyPart;
import dev.perocore.social.session.ReplyConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplySplitTest {

  /** The messages of a plain-text answer, each as its text. */
  private static List<String> parts(String text, boolean split, int maxParts) {
    return ReplySplit.messages(List.of(new ReplyPart.Text(text)), split, maxParts).stream()
        .map(ReplySplitTest::text).toList();
  }

  private static String text(List<ReplyPart> message) {
    return message.stream().map(ReplyPart::token).reduce("", String::concat);
  }

  @Test
  void anAnswerIsCutAtBlankLinesAndMarkersIntoAtMostMaxParts() {
    assertEquals(List.of("one", "two", "three"),
        parts("one\n\ntwo [SPLIT] three", true, 4));
    assertEquals(List.of("a", "b", "c\n\nd\n\ne"),
        parts("a\n\nb\n \nc[split]d\n\n\n\ne", true, 3), "extra parts join the last");
    assertEquals(List.of("line one\nline two"), parts("line one\nline two", true, 4),
        "a single line break is not a paragraph");
    assertEquals(List.of(), parts(" [SPLIT] [ SPLIT ]", true, 4));
  }

  @Test
  void withoutSplittingTheMarkerBecomesAParagraphBreakAndNeverReachesQq() {
    assertEquals(List.of("one\n\ntwo\n\nthree"),
        parts("one[SPLIT]two\n\n\nthree", false, 4));
    assertEquals(List.of("one\n\ntwo"), parts("one\n\ntwo", true, 1));
  }

  @Test
  void theTypingPauseFollowsTheLengthUpToTheCap() {
    ReplyConfig reply = new ReplyConfig(true, 4, 8, Duration.ofSeconds(4), ReplyConfig.Quote.AUTO);
    assertEquals(Duration.ofMillis(625), reply.typingDelay(5));
    assertEquals(Duration.ofSeconds(4), reply.typingDelay(1000));
    assertEquals(Duration.ZERO, new ReplyConfig(true, 4, 8, Duration.ZERO,
        ReplyConfig.Quote.AUTO).typingDelay(50));
  }

  @Test
  void aStickerIsAMessageOfItsOwnAndALoneQuoteGoesToTheNextMessage() {
    ReplyPart.Sticker ok = new ReplyPart.Sticker("ok");
    ReplyPart.Quote quote = new ReplyPart.Quote("42");
    ReplyPart.Mention mention = new ReplyPart.Mention(8);
    List<ReplyPart> answer = List.of(quote, new ReplyPart.Text("\n\n"), mention,
        new ReplyPart.Text(" sure "), ok, new ReplyPart.Text(" and then\n\nmore"));
    assertEquals(List.of(
            List.of(quote, mention, new ReplyPart.Text(" sure")),
            List.of(ok),
            List.of(new ReplyPart.Text("and then")),
            List.of(new ReplyPart.Text("more"))),
        ReplySplit.messages(answer, true, 4));
    assertEquals(List.of(
            List.of(quote, mention, new ReplyPart.Text(" sure")),
            List.of(ok, new ReplyPart.Text("\n\n"), new ReplyPart.Text("and then"),
                new ReplyPart.Text("\n\n"), new ReplyPart.Text("more"))),
        ReplySplit.messages(answer, true, 2), "extra messages join the last, a sticker too");
    assertEquals(List.of(List.of(quote, mention, new ReplyPart.Text(" sure "), ok,
            new ReplyPart.Text(" and then\n\nmore"))),
        ReplySplit.messages(List.of(quote, mention, new ReplyPart.Text(" sure "), ok,
            new ReplyPart.Text(" and then\n\nmore")), false, 4),
        "without splitting, one message with the sticker inside");
    assertEquals(List.of(), ReplySplit.messages(List.of(quote, new ReplyPart.Text(" ")), true, 4),
        "a quote alone says nothing");
  }
}
