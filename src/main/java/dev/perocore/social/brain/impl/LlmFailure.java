package dev.perocore.social.brain.impl;

/**
 * A chat-completions call that did not produce an answer, with what that means for retries and
 * for the circuit.
 */
public final class LlmFailure extends RuntimeException {

  /** What kind of failure; decides retry and circuit accounting. */
  public enum Kind {
    /** 5xx, 429, timeout, connection refused or reset: retried with backoff, counts for the circuit. */
    TRANSIENT(true, true),
    /** Any other 4xx (bad key, unknown model, prompt too long): a retry would fail the same way. */
    REJECTED(false, false),
    /** A 2xx whose body is not a chat completion: the upstream is broken, but retrying won't fix it. */
    MALFORMED(false, true);

    private final boolean retryable;
    private final boolean countsForCircuit;

    Kind(boolean retryable, boolean countsForCircuit) {
      this.retryable = retryable;
      this.countsForCircuit = countsForCircuit;
    }
  }

  private final Kind kind;
  private final int status;

  public LlmFailure(Kind kind, int status, String message, Throwable cause) {
    // No stack trace: the message names the call and status; failures can come in floods.
    super(message, cause, false, false);
    this.kind = kind;
    this.status = status;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, or 0 when no response arrived. */
  public int status() {
    return status;
  }

  public boolean retryable() {
    return kind.retryable;
  }

  public boolean countsForCircuit() {
    return kind.countsForCircuit;
  }
}
