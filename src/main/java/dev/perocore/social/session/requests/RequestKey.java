package dev.perocore.social.session.requests;

import dev.perocore.social.store.RequestRow;

/**
 * A request's identity as the store keys it (the bot, the request type and QQ's flag): the same
 * for a redelivery and for the stored row the owner decides by id.
 */
record RequestKey(long selfId, String requestType, String flag) {

  static RequestKey of(RequestRow row) {
    return new RequestKey(row.selfId(), row.requestType(), row.flag());
  }
}
