package dev.perocore.social.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A stored request read back by id, open or resolved.
 *
 * @param rowId the store's id of the request (what the admin API calls it by)
 * @param row the request as received
 * @param resolution how it ended; empty while it is open (held for the owner)
 * @param resolvedAt when it was resolved
 * @param note the resolution's note (who decided, the remark); empty if none
 */
public record StoredRequest(long rowId, RequestRow row, Optional<RequestResolution> resolution,
    Optional<Instant> resolvedAt, String note) {

  public StoredRequest {
    note = note == null ? "" : note;
  }

  public boolean open() {
    return resolution.isEmpty();
  }
}
