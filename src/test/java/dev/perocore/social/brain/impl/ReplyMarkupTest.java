package dev.perocore.social.brain.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perocore.social.brain.BotIdentity;
import dev.perocore.social.brain.BrainContext;
import dev.perocore.social.brain.BrainDecision;
import dev.perocore.social.brain.BrainRequest;
import dev.perocore.social.brain.ChatLine;
import dev.perocore.social.brain.ReplyPart;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of the model's tokens become parts: only those naming what the request offers. */
class ReplyMarkupTest {

  static final BotIdentity BOT = new BotIdentity(10001, "Pero");
  static final List<ChatLine> FLUSH = List.of(
      new ChatLine("501", 8, "Bob", "look", 1_700_000_000L, false),
      new ChatLine("502", 10001, "Pero", "earlier answer", 1_700_000_001L, true),
      new ChatLine("503", 9, "Alice", "@Pero?", 1_700_000_002L, false));

  private static BrainRequest request(String key) {
    return new BrainRequest(key, BrainRequest.Mode.SUMMONED, FLUSH, BrainContext.empty(), BOT,
        List.of("ok", "thumbs up"));
  }

  @Test
  void onlyParticipantsMessagesOfTheFlushAndIndexedStickersBecomeParts() {
    List<ReplyPart> parts = ReplyMarkup.parts("[quote: 503][@9] yes [@ 8][STICKER: thumbs up ]"
        + " [@10001] [@all] [@7] [QUOTE:999] [STICKER:nope] [CQ:at,qq=all]",
        request("10001:group:30003"));
    assertEquals(List.of(new ReplyPart.Quote("503"), new ReplyPart.Mention(9),
        new ReplyPart.Text(" yes "), new ReplyPart.Mention(8), new ReplyPart.Sticker("thumbs up"),
        new ReplyPart.Text(" [@10001] [@all] [@7] [QUOTE:999] [STICKER:nope] [CQ:at,qq=all]")),
        parts);
  }

  @Test
  void inAPrivateChatAMentionStaysTextAndAPlainAnswerIsOneTextPart() {
    assertEquals(List.of(new ReplyPart.Text("[@9] hi "), new ReplyPart.Sticker("ok")),
        ReplyMarkup.parts("[@9] hi [STICKER:ok]", request("10001:private:9")));
    assertEquals(new BrainDecision.Reply("just text [@99999999999999999999]"),
        LlmAnswers.decision("just text [@99999999999999999999]", request("10001:group:30003"),
            what -> {}));
  }
}
