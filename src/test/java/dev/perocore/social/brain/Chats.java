package dev.perocore.social.brain;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small builders of brain requests for tests. */
final class Chats {

  static final BotIdentity BOT = new BotIdentity(10001, "Pero");
  static final String PRIVATE = "10001:private:20002";
  static final String GROUP = "10001:group:30003";

  private Chats() {}

  static ChatLine line(long sender, String name, String text) {
    return new ChatLine("m" + text.hashCode(), sender, name, text, 1_700_000_000L, false);
  }

  static BrainRequest request(BrainRequest.Mode mode, String... texts) {
    List<ChatLine> lines = java.util.Arrays.stream(texts)
        .map(text -> line(20002, "Alice", text)).toList();
    return new BrainRequest(mode == BrainRequest.Mode.SUMMONED ? PRIVATE : GROUP, mode, lines,
        BrainContext.empty(), BOT);
  }

  static BrainContext richContext() {
    return new BrainContext(
        List.of(line(20002, "Alice", "we met yesterday at the park")),
        Map.of(40004L, List.of(line(40004, "Bob", "Bob's private note about cats"))),
        Optional.of("Cat Lovers (group 30003)"),
        List.of("related_users:50005"));
  }
}
