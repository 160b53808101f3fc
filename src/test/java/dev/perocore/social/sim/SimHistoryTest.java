package dev.perocore.social.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator's history answers with NapCat's semantics (NAPCAT-HISTORY.md). */
class SimHistoryTest {

  private final SimFrames frames = new SimFrames(10001);
  private final SimHistory history = new SimHistory();
  private final List<Long> ids = new ArrayList<>();

  SimHistoryTest() {
    for (int i = 0; i < 10; i++) {
      JsonObject m = frames.groupMessage(500, 91, "m" + i).put("time", 1_000 + i);
      ids.add(m.getLong("message_id"));
      history.remember(m);
    }
    history.remember(frames.privateMessage(81, "p0").put("time", 2_000));
    history.remember(frames.lifecycleEvent("connect")); // not a message: not remembered
  }

  @Test
  void withoutAnAnchorTheNewestCountOldestFirst() {
    assertEquals(List.of("m7", "m8", "m9"), texts(page(new JsonObject().put("group_id", "500")
        .put("count", 3))));
    assertEquals(List.of("m7", "m8", "m9"), texts(page(new JsonObject().put("group_id", 500)
        .put("count", 3).put("message_seq", "0"))), "\"0\" is no anchor");
    assertEquals(11, history.size());
  }

  @Test
  void theAnchorIsIncludedAndReverseOrderWalksOlder() {
    long anchor = ids.get(5);
    assertEquals(List.of("m3", "m4", "m5"), texts(page(new JsonObject().put("group_id", "500")
        .put("count", 3).put("message_seq", anchor).put("reverse_order", true))));
    assertEquals(List.of("m3", "m4", "m5"), texts(page(new JsonObject().put("group_id", "500")
        .put("count", 3).put("message_seq", String.valueOf(anchor)).put("reverseOrder", true))),
        "the old alias");
    assertEquals(List.of("m5", "m6", "m7"), texts(page(new JsonObject().put("group_id", "500")
        .put("count", 3).put("message_seq", anchor))), "reverse_order false walks newer");
    assertEquals(List.of("m0", "m1"), texts(page(new JsonObject().put("group_id", "500")
        .put("count", 3).put("message_seq", ids.get(1)).put("reverse_order", true))),
        "the beginning of the chat: a short page");
  }

  @Test
  void anUnknownAnchorFailsAsNapCatDoes() {
    String[] failure = new String[1];
    assertNull(history.answer("get_group_msg_history", new JsonObject().put("group_id", "500")
        .put("message_seq", 42), failure));
    assertEquals("消息42不存在", failure[0]);
  }

  @Test
  void recentContactsNameEachChatWithItsLastMessage() {
    JsonArray contacts = (JsonArray) history.answer("get_recent_contact",
        new JsonObject().put("count", 10), new String[1]);
    assertEquals(2, contacts.size());
    assertEquals("81", contacts.getJsonObject(0).getString("peerUin"));
    assertEquals(1, contacts.getJsonObject(0).getInteger("chatType"));
    assertEquals("2000", contacts.getJsonObject(0).getString("msgTime"));
    assertEquals("500", contacts.getJsonObject(1).getString("peerUin"));
    assertEquals(2, contacts.getJsonObject(1).getInteger("chatType"));
    assertEquals(String.valueOf(ids.get(9)), contacts.getJsonObject(1).getString("msgId"));
  }

  @Test
  void friendHistoryIsPerUser() {
    assertEquals(List.of("p0"), texts(history.answer("get_friend_msg_history",
        new JsonObject().put("user_id", "81"), new String[1])));
    assertEquals(List.of(), texts(history.answer("get_friend_msg_history",
        new JsonObject().put("user_id", "82"), new String[1])));
  }

  private Object page(JsonObject params) {
    return history.answer("get_group_msg_history", params, new String[1]);
  }

  private static List<String> texts(Object data) {
    List<String> out = new ArrayList<>();
    ((JsonObject) data).getJsonArray("messages")
        .forEach(m -> out.add(((JsonObject) m).getString("raw_message")));
    return out;
  }
}
