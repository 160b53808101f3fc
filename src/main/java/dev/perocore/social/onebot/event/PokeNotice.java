package dev.perocore.social.onebot.event;

import io.vertx.core.json.JsonObject;
import java.util.OptionalLong;

/** A poke ({@code notify}/{@code poke}); {@code groupId} is empty for a private poke (NapCat sends those too). */
public record PokeNotice(long selfId, long time, OptionalLong groupId, long userId, long targetId, JsonObject raw) implements NoticeEvent {

  @Override
  public String noticeType() {
    return "notify";
  }

  @Override
  public String subType() {
    return "poke";
  }

  /** The bot itself was poked. */
  public boolean targetsSelf() {
    return targetId == selfId;
  }
}
