package dev.perocore.social.session.requests;

import dev.perocore.social.store.RequestResolution;
import dev.perocore.social.store.StoredRequest;

/**
 * How an owner's decision on a held request ended. A failed OneBot action is not an outcome but
 * the typed failure of the future (the request then stays open).
 */
public sealed interface ResolveOutcome {

  /** The action was sent and acknowledged, and the resolution stored. */
  record Resolved(StoredRequest request, RequestResolution resolution, boolean recorded)
      implements ResolveOutcome {}

  /** No request has that id. */
  record NotFound(long id) implements ResolveOutcome {}

  /**
   * Already decided: recorded, being decided right now (by policy or another call), or answered
   * on QQ with its record failed ({@code how} is then the answer QQ got).
   */
  record AlreadyResolved(long id, String how) implements ResolveOutcome {}
}
