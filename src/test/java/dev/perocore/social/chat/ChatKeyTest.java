package dev.perocore.social.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * ChatKey's hand-written equality (a record's generated one was slower per lookup): the same
 * conversation is one key however it was built; a group and a private chat with the same number,
 * or another bot's chat, are not.
 */
class ChatKeyTest {

  @Test
  void theSameConversationIsOneKeyAndNeighboursAreNot() {
    ChatKey group = ChatKey.group(10001, 555);
    assertEquals(group, new ChatKey(10001, ChatType.GROUP, 555));
    assertEquals(group, ChatKey.parse("10001:group:555"));
    assertEquals(group.hashCode(), ChatKey.parse(group.toString()).hashCode());
    assertNotEquals(group, ChatKey.privateChat(10001, 555), "PeroCore's shared-id bug");
    assertNotEquals(group, ChatKey.group(10002, 555));
    assertNotEquals(group, ChatKey.group(10001, 556));
    assertNotEquals(group, (Object) "10001:group:555");
  }

  @Test
  void aMapFindsEveryKeyOfABurstByAnEqualCopy() {
    Map<ChatKey, Integer> sessions = new HashMap<>();
    Set<Integer> hashes = new HashSet<>();
    for (int i = 0; i < 6_000; i++) {
      ChatKey key = key(i);
      sessions.put(key, i);
      hashes.add(key.hashCode());
    }
    assertEquals(6_000, sessions.size());
    for (int i = 0; i < 6_000; i++) {
      assertEquals(i, sessions.get(key(i)));
    }
    // Not a contract, a sanity check of the mix: one bot's ids differ in their low bits.
    assertEquals(6_000, hashes.size(), "no two keys of the burst share a hash");
  }

  private static ChatKey key(int i) {
    long self = 10_001 + i % 4;
    return i % 2 == 0 ? ChatKey.privateChat(self, 200_000 + i) : ChatKey.group(self, 700_000 + i);
  }
}
