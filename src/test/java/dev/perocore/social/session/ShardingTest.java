package dev.perocore.social.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.onebot.InboundEvent;
import dev.perocore.social.onebot.event.DecodeResult;
import dev.perocore.social.onebot.event.EventDecoder;
import dev.perocore.social.onebot.event.OneBotEvent;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Point 1: each session is handled on exactly one event loop; events reach the right shard. */
class ShardingTest {

  static final long SELF = SessionHarness.SELF;

  @TempDir
  Path dir;

  @Test
  void everySessionStaysOnOneEventLoopAndShardsSpreadOverSeveral() {
    // Four shards whatever the machine's cores (0 means one per core, at most one per loop).
    SessionConfig config = SessionHarness.fast().with("session.shards", 4).session();
    try (SessionHarness h = SessionHarness.withTestBrain(dir, config, java.time.Duration.ofSeconds(5))) {
      h.testBrain.behaviour = TestBrain.Behaviour.PASS;
      int users = 24;
      for (int round = 0; round < 3; round++) {
        for (long user = 1; user <= users; user++) {
          h.send(h.sim.privateMessage(user, "round " + round));
        }
      }
      h.waitFor("all sessions appended", () -> h.store.appendThreads.size() == users);
      h.waitForRows("last stored", ChatKey.privateChat(SELF, users), rows -> rows.size() == 3);
      Set<String> allThreads = new HashSet<>();
      for (Map.Entry<ChatKey, Set<String>> entry : h.store.appendThreads.entrySet()) {
        assertEquals(1, entry.getValue().size(), entry.getKey() + " touched from " + entry.getValue());
        assertTrue(entry.getValue().iterator().next().startsWith("vert.x-eventloop-thread-"));
        allThreads.addAll(entry.getValue());
      }
      assertTrue(allThreads.size() > 1, "4 shards on 4 loops, used: " + allThreads);
      // The directory names the owner shard, as the router computed it.
      for (SessionDirectory.Entry entry : h.shards.directory().list()) {
        assertEquals(entry.key().shard(h.shards.count()), entry.shard());
      }
    }
  }

  @Test
  void zeroMeansOnePerCoreAndNeverMoreThanTheLoops() {
    assertEquals(2, SessionShards.defaultCount(4, 2));
    assertEquals(4, SessionShards.defaultCount(4, 8));
    assertEquals(8, SessionShards.defaultCount(16, 8));
    assertEquals(1, SessionShards.defaultCount(2, 1));
    assertEquals(1, SessionShards.defaultCount(1, 0));
  }

  private static InboundEvent inbound(JsonObject frame) {
    OneBotEvent event = ((DecodeResult.Decoded) new EventDecoder().decode(frame)).event();
    return new InboundEvent(event.selfId(), event.postType(), event, "c", 0,
        io.vertx.core.buffer.Buffer.buffer(event.raw().encode()));
  }

  @Test
  void theRouterSendsMessagesAndNoticesToTheirSessionsShardRequestsToTheDeskAndDropsMeta() {
    SessionRouter router = new SessionRouter(8);
    JsonObject base = new JsonObject().put("time", 1).put("self_id", SELF);
    JsonObject group = base.copy().put("post_type", "message").put("message_type", "group")
        .put("sub_type", "normal").put("message_id", 5).put("group_id", 300).put("user_id", 9)
        .put("message", "hi").put("raw_message", "hi").put("font", 0)
        .put("sender", new JsonObject().put("user_id", 9));
    assertEquals(SessionAddresses.shard(ChatKey.group(SELF, 300).shard(8)),
        router.address(inbound(group)));
    JsonObject ban = base.copy().put("post_type", "notice").put("notice_type", "group_ban")
        .put("sub_type", "ban").put("group_id", 300).put("operator_id", 1).put("user_id", 9)
        .put("duration", 60);
    assertEquals(SessionAddresses.shard(ChatKey.group(SELF, 300).shard(8)),
        router.address(inbound(ban)));
    JsonObject friendAdd = base.copy().put("post_type", "notice").put("notice_type", "friend_add")
        .put("user_id", 77);
    assertEquals(SessionAddresses.shard(ChatKey.privateChat(SELF, 77).shard(8)),
        router.address(inbound(friendAdd)));
    JsonObject request = base.copy().put("post_type", "request").put("request_type", "friend")
        .put("user_id", 77).put("comment", "hi").put("flag", "f1");
    assertEquals("social.inbound.request", router.address(inbound(request)));
    JsonObject heartbeat = base.copy().put("post_type", "meta_event")
        .put("meta_event_type", "heartbeat").put("interval", 5000)
        .put("status", new JsonObject().put("online", true).put("good", true));
    assertNull(router.address(inbound(heartbeat)));
  }
}
