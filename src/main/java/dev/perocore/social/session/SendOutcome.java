package dev.perocore.social.session;

import dev.perocore.social.chat.ChatKey;
import java.util.Objects;
import java.util.Optional;

/**
 * How one outbound message ended, after it was sent (or not) and stored.
 *
 * @param key the session it was sent to
 * @param result sent, or why not
 * @param messageId the id OneBot returned for a sent message
 * @param retcode the OneBot retcode of a refused send ({@code -1} when the failure was ours:
 *     timeout, rate limit, bot offline)
 * @param error what went wrong, empty when sent
 * @param stored whether the row (sent or failed) reached the store; false is logged where it
 *     happens
 */
public record SendOutcome(ChatKey key, Result result, Optional<String> messageId,
    int retcode, String error, boolean stored) {

  /** The low-cardinality result of a send. */
  public enum Result {
    /** OneBot accepted it (status ok, retcode 0). */
    SENT("sent"),
    /** OneBot refused it: {@code retcode} says why (e.g. the bot is muted). */
    FAILED("failed"),
    /** The gateway's pacing refused it (per-group / per-bot send budget exhausted). */
    RATE_LIMITED("rate_limited"),
    /** No connection of that bot can carry it. */
    UNAVAILABLE("unavailable"),
    /** No answer within the action's deadline. */
    TIMEOUT("timeout"),
    /** Anything else. */
    ERROR("error");

    private final String label;

    Result(String label) {
      this.label = label;
    }

    /** The metric / JSON label. */
    public String label() {
      return label;
    }
  }

  public SendOutcome {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(result, "result");
    messageId = messageId == null ? Optional.empty() : messageId;
    error = error == null ? "" : error;
  }

  public boolean sent() {
    return result == Result.SENT;
  }
}
