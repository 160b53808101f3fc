package dev.perocore.social.media.impl;

import dev.perocore.social.media.DownloadOutcome;

/** A download that ended for a reason with a name (too large, an HTTP status, a scheme). */
public final class FetchRefused extends RuntimeException {

  private final DownloadOutcome outcome;

  public FetchRefused(DownloadOutcome outcome, String reason) {
    super(reason, null, false, false); // an expected outcome: no stack trace to fill or print
    this.outcome = outcome;
  }

  public DownloadOutcome outcome() {
    return outcome;
  }
}
