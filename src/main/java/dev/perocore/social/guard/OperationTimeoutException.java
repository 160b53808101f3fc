package dev.perocore.social.guard;

import java.time.Duration;

/** A named deadline passed: says which operation and how long it was given. */
public final class OperationTimeoutException extends RuntimeException {

  private final String operation;
  private final Duration limit;

  public OperationTimeoutException(String operation, Duration limit) {
    // No stack trace: the operation name says where, and timeouts can be frequent under load.
    super(operation + " timed out after " + limit.toMillis() + " ms", null, false, false);
    this.operation = operation;
    this.limit = limit;
  }

  public String operation() {
    return operation;
  }

  public Duration limit() {
    return limit;
  }
}
