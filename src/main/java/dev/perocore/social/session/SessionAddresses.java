package dev.perocore.social.session;

import dev.perocore.social.onebot.OneBotAddresses;

/**
 * Event-bus addresses of the session layer: {@code social.session.<shard>} carries the message
 * and notice events of the sessions one shard owns; requests go to {@code social.inbound.request}
 * (the requests desk), never through a session (PeroCore handled them inline and stalled every
 * chat meanwhile).
 */
public final class SessionAddresses {

  public static final String SHARD_PREFIX = "social.session.";
  public static final String REQUESTS = OneBotAddresses.INBOUND_PREFIX + "request";

  private SessionAddresses() {}

  public static String shard(int shard) {
    return SHARD_PREFIX + shard;
  }
}
