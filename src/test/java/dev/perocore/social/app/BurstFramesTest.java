package dev.perocore.social.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.sim.NapCatIds;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The burst benchmark's messages: NapCat-shaped ids (31 bits in no order, as NapCat's MD5-derived
 * ones, so the identity index is written at random places as in production), none shared within
 * a run of bursts, and thousands of chats visited by each bot's share.
 */
class BurstFramesTest {

  @Test
  void idsAreThirtyOneBitsInNoOrderAndNeverRepeat() {
    int count = 1_000_000; // 20 bursts of 50,000: past any bench run
    long[] ids = new long[count];
    int rises = 0;
    for (int n = 0; n < count; n++) {
      ids[n] = NapCatIds.of(n);
      assertTrue(ids[n] > 0 && ids[n] <= Integer.MAX_VALUE, "31 bits, not 0: " + ids[n]);
      if (n > 0 && ids[n] > ids[n - 1]) {
        rises++;
      }
    }
    // A counter rises every time; random order rises about half the time.
    assertTrue(rises > count * 0.45 && rises < count * 0.55, "rises " + rises + " of " + count);
    Arrays.sort(ids);
    for (int i = 1; i < count; i++) {
      assertTrue(ids[i] != ids[i - 1], "id " + ids[i] + " repeats");
    }
  }

  @Test
  void framesCarryTheIdAsNapCatDoesAndEachBotMeetsEveryChat() {
    String[][] frames = BurstFrames.prepare(50_000, 100_000, 4, 20_000, false);
    assertEquals(4, frames.length);
    for (int b = 0; b < 4; b++) {
      assertEquals(12_500, frames[b].length);
      Set<Long> users = new HashSet<>();
      Set<Long> groups = new HashSet<>();
      int privates = 0;
      for (String text : frames[b]) {
        JsonObject frame = new JsonObject(text);
        assertEquals(20_000 + b, frame.getLong("self_id"));
        long id = frame.getLong("message_id");
        assertEquals(id, frame.getLong("message_seq"));
        assertEquals(id, frame.getLong("real_id"));
        if (frame.getString("message_type").equals("group")) {
          groups.add(frame.getLong("group_id"));
        } else {
          users.add(frame.getLong("user_id"));
          privates++;
        }
      }
      // One bot's share, numbered on from any offset, visits every group, and a private chat
      // per private message (one in three) up to the 5,000 users: thousands of chats a bot.
      assertEquals(BurstFrames.GROUPS, groups.size());
      assertEquals(Math.min(BurstFrames.USERS, privates), users.size());
      assertTrue(privates > 4_000, "one in three private: " + privates);
    }
    assertEquals(NapCatIds.of(100_000),
        new JsonObject(frames[0][0]).getLong("message_id"), "numbered from the offset");
  }
}
