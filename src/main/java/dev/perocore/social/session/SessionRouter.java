package dev.perocore.social.session;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.onebot.EventRouter;
import dev.perocore.social.onebot.InboundEvent;
import dev.perocore.social.onebot.event.MessageEvent;
import dev.perocore.social.onebot.event.NoticeEvent;
import dev.perocore.social.onebot.event.RequestEvent;
import dev.perocore.social.session.impl.EventKeys;

/**
 * The gateway's router once sessions exist: message and notice events go to the shard that owns
 * their session ({@code social.session.<shard>}), so one session is always handled on one event
 * loop; requests go to the requests desk ({@code social.inbound.request}); meta events are the
 * gateway's own business (heartbeats) and are not published.
 */
public final class SessionRouter implements EventRouter {

  private final int shards;
  /**
   * Built once: a fresh address string per event would be an allocation and a hash the bus must
   * compute again for its handler lookup (issue 12).
   */
  private final String[] addresses;

  public SessionRouter(int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("at least one shard");
    }
    this.shards = shards;
    this.addresses = new String[shards];
    for (int shard = 0; shard < shards; shard++) {
      addresses[shard] = SessionAddresses.shard(shard);
    }
  }

  @Override
  public String address(InboundEvent inbound) {
    if (inbound.event() instanceof MessageEvent message) {
      return addresses[EventKeys.of(message).shard(shards)];
    }
    if (inbound.event() instanceof NoticeEvent notice) {
      ChatKey key = EventKeys.of(notice);
      // A notice that names no chat at all is still stored, by shard 0.
      return addresses[key == null ? 0 : key.shard(shards)];
    }
    if (inbound.event() instanceof RequestEvent) {
      return SessionAddresses.REQUESTS;
    }
    return null;
  }

  public int shards() {
    return shards;
  }
}
