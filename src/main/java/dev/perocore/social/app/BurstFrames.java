package dev.perocore.social.app;

import dev.perocore.social.sim.NapCatIds;

/**
 * The burst's messages (issue 12): NapCat-shaped message events of {@value #USERS} users in
 * {@value #GROUPS} groups, one in three private, built before the clock starts (NapCat has its
 * offline queue encoded before it writes it), so a run times the service, not the generator.
 */
final class BurstFrames {

  static final int USERS = 5_000;
  static final int GROUPS = 1_000;

  private BurstFrames() {}

  /**
   * {@code messages} frames numbered from {@code offset}, spread over {@code bots} bots (the
   * first bot's share first; the last takes the remainder).
   */
  static String[][] prepare(int messages, int offset, int bots, long firstBot,
      boolean counterIds) {
    String[][] frames = new String[bots][];
    int each = messages / bots;
    for (int b = 0; b < bots; b++) {
      int from = offset + b * each;
      int count = b == bots - 1 ? messages - b * each : each;
      frames[b] = new String[count];
      for (int i = 0; i < count; i++) {
        frames[b][i] = frame(firstBot + b, from + i, counterIds);
      }
    }
    return frames;
  }

  /** Message {@code n} of the burst for {@code bot}: one in three private, the rest in groups. */
  static String frame(long bot, int n) {
    return frame(bot, n, false);
  }

  /** As {@link #frame(long, int)}; {@code counterIds}: message id n + 1 instead (ids=counter). */
  static String frame(long bot, int n, boolean counterIds) {
    long user = 100_000 + (n * 7L) % USERS;
    // A counter writes the identity index at its end only; NapCat's ids land anywhere in it.
    long id = counterIds ? n + 1L : NapCatIds.of(n);
    String text = "burst " + n + " about nothing much";
    String common = "{\"self_id\":" + bot + ",\"user_id\":" + user + ",\"time\":"
        + (System.currentTimeMillis() / 1000) + ",\"message_id\":" + id + ",\"message_seq\":" + id
        + ",\"real_id\":" + id + ",\"raw_message\":\"" + text + "\",\"font\":14,"
        + "\"message\":[{\"type\":\"text\",\"data\":{\"text\":\"" + text + "\"}}],"
        + "\"message_format\":\"array\",\"post_type\":\"message\",";
    if (n % 3 == 0) {
      return common + "\"message_type\":\"private\",\"sub_type\":\"friend\",\"sender\":{"
          + "\"user_id\":" + user + ",\"nickname\":\"user" + user + "\"}}";
    }
    return common + "\"message_type\":\"group\",\"sub_type\":\"normal\",\"group_id\":"
        + (500_000 + n % GROUPS) + ",\"sender\":{\"user_id\":" + user + ",\"nickname\":\"user"
        + user + "\",\"card\":\"\",\"role\":\"member\"}}";
  }
}
