package dev.perocore.social.app;

/** The frames of {@code bench service}: NapCat-shaped message events of one bot. */
final class ServiceFrames {

  static final long BOT = 10_000;

  private ServiceFrames() {}

  /**
   * The event time of a benchmark frame: now. A fixed past time would make every message older
   * than session.stale_after on arrival, stored but never answered (the reply phase answered 0).
   */
  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** An unmentioned group message (NapCat shape, segment array) with a unique id. */
  static String group(long id, long groupId, long userId) {
    return "{\"self_id\":" + BOT + ",\"user_id\":" + userId + ",\"time\":" + now() + ","
        + "\"message_id\":" + id + ",\"message_seq\":" + id + ",\"real_id\":" + id
        + ",\"message_type\":\"group\",\"sender\":{\"user_id\":" + userId + ",\"nickname\":\"user"
        + userId + "\",\"card\":\"\",\"role\":\"member\"},\"raw_message\":\"chatter " + id
        + " about nothing much\",\"font\":14,\"sub_type\":\"normal\",\"message\":[{\"type\":\"text\","
        + "\"data\":{\"text\":\"chatter " + id + " about nothing much\"}}],\"message_format\":\"array\","
        + "\"post_type\":\"message\",\"group_id\":" + groupId + "}";
  }

  static String privateFrame(long id, long userId, String text) {
    return "{\"self_id\":" + BOT + ",\"user_id\":" + userId + ",\"time\":" + now() + ","
        + "\"message_id\":" + id + ",\"message_seq\":" + id + ",\"real_id\":" + id
        + ",\"message_type\":\"private\",\"sender\":{\"user_id\":" + userId + ",\"nickname\":\"user"
        + userId + "\"},\"raw_message\":\"" + text + "\",\"font\":14,\"sub_type\":\"friend\","
        + "\"message\":[{\"type\":\"text\",\"data\":{\"text\":\"" + text + "\"}}],"
        + "\"message_format\":\"array\",\"post_type\":\"message\"}";
  }
}
