package dev.perocore.social.brain;

import java.util.Objects;

/**
 * One piece of a structured answer ({@link BrainDecision.Reply}): text sent as characters, or one
 * of the few elements the adapter offers. The adapter builds the OneBot segments from these and
 * checks them again against the flush (a mention only of a participant, a quote only of a message
 * in it, a sticker only from the index); nothing here is a file, a URL or an at-all.
 */
public sealed interface ReplyPart {

  /** The part as the model would write it (text verbatim, elements as their tokens). */
  String token();

  /** Text, sent as a {@code text} segment exactly as written (CQ-looking text stays characters). */
  record Text(String text) implements ReplyPart {
    public Text {
      Objects.requireNonNull(text, "text");
    }

    @Override
    public String token() {
      return text;
    }
  }

  /** An {@code at} of one participant of the flush, by QQ id (never everyone). */
  record Mention(long userId) implements ReplyPart {
    public Mention {
      if (userId <= 0) {
        throw new IllegalArgumentException("userId must be a QQ id: " + userId);
      }
    }

    @Override
    public String token() {
      return "[@" + userId + "]";
    }
  }

  /** A quote ({@code reply} segment) of a message of the flush, by its message id. */
  record Quote(String messageId) implements ReplyPart {
    public Quote {
      Objects.requireNonNull(messageId, "messageId");
    }

    @Override
    public String token() {
      return "[QUOTE:" + messageId + "]";
    }
  }

  /** A sticker of the operator's index ({@code reply.stickers_dir}), by name. */
  record Sticker(String name) implements ReplyPart {
    public Sticker {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String token() {
      return "[STICKER:" + name + "]";
    }
  }
}
