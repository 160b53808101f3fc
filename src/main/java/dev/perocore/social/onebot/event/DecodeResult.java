package dev.perocore.social.onebot.event;

import java.util.Objects;

/** What {@link EventDecoder#decode} made of a frame: an event, or a reason it was refused. */
public sealed interface DecodeResult permits DecodeResult.Decoded, DecodeResult.Rejected {

  /** The frame is a well-formed event. */
  record Decoded(OneBotEvent event) implements DecodeResult {
    public Decoded {
      Objects.requireNonNull(event, "event");
    }
  }

  /**
   * The frame was refused.
   *
   * @param reason one of {@link RejectReason}'s constants (a metric label)
   * @param detail for the log: which field and what was wrong, e.g. {@code "user_id: not an integer: \"abc\""}
   */
  record Rejected(String reason, String detail) implements DecodeResult {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
