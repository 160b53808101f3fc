package dev.perocore.social.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.sim.NapCatIds;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The burst benchmark's messages: NapCat-shaped ids by default ({@link NapCatIds}) or counted ones
 * ({@code ids=counter}), none shared between the bursts a warm service is given, and thousands of
 * chats visited by each bot's share.
 */
class BurstFramesTest {

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

  @Test
  void countedIdsAreTheMessageNumberPlusOne() {
    String[][] frames = BurstFrames.prepare(8, 40, 2, 20_000, true);
    assertEquals(41, new JsonObject(frames[0][0]).getLong("message_id"));
    assertEquals(45, new JsonObject(frames[1][0]).getLong("message_id"), "bot 2 from 40 + 4");
  }

  @Test
  void aWarmServicesBurstsShareNoIdWithinABot() {
    // service=warm numbers each burst on from the last (offset n * messages).
    Set<Long> seen = new HashSet<>();
    for (int run = 0; run < 3; run++) {
      String[][] frames = BurstFrames.prepare(20_000, run * 20_000, 4, 20_000, false);
      for (String text : frames[0]) {
        long id = new JsonObject(text).getLong("message_id");
        assertTrue(seen.add(id), "id " + id + " again in burst " + run);
      }
    }
    assertEquals(15_000, seen.size());
  }
}
