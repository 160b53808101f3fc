package dev.perocore.social.sim;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The events a {@link OneBotSimulator} can make, not sent: its public face for building frames
 * (as {@code AbstractStringBuilder} is {@code StringBuilder}'s), kept apart from the connecting and
 * sending so that each file holds one concept. Package-private: callers see these methods on
 * {@link OneBotSimulator} only.
 */
abstract class SimEvents {

  final SimFrames frames;
  final SimHeartbeats heartbeats;

  SimEvents(SimFrames frames, Vertx vertx) {
    this.frames = frames;
    this.heartbeats = new SimHeartbeats(vertx, frames);
  }

  /** A private message event from {@code userId}; not sent. */
  public JsonObject privateMessage(long userId, String text) {
    return frames.privateMessage(userId, text);
  }

  /** A group message event in {@code groupId} from {@code userId}; not sent. */
  public JsonObject groupMessage(long groupId, long userId, String text) {
    return frames.groupMessage(groupId, userId, text);
  }

  /** A group message that @-mentions the bot. */
  public JsonObject groupMention(long groupId, long userId, String text) {
    return frames.groupMention(groupId, userId, text);
  }

  public JsonObject heartbeatEvent() {
    return frames.heartbeatEvent(heartbeats.interval());
  }

  public JsonObject lifecycleEvent(String subType) {
    return frames.lifecycleEvent(subType);
  }

  public JsonObject pokeNotice(long groupId, long userId) {
    return frames.pokeNotice(groupId, userId);
  }

  public JsonObject friendRequest(long userId, String comment) {
    return frames.friendRequest(userId, comment);
  }
}
