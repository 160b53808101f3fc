package dev.perocore.social.session.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.brain.BrainClient;
import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.onebot.InboundEvent;
import dev.perocore.social.onebot.OneBotActions;
import dev.perocore.social.onebot.OneBotConfig;
import dev.perocore.social.onebot.event.DecodeResult;
import dev.perocore.social.onebot.event.EventDecoder;
import dev.perocore.social.session.OutboundMessages;
import dev.perocore.social.session.SessionConfig;
import dev.perocore.social.session.SessionDirectory;
import dev.perocore.social.store.AppendResult;
import dev.perocore.social.store.Store;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.Poll;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a session keeps: one that is only stored (brain {@code none}) never allocates the reply
 * machinery's part, and its pending appends are counted by its sequence numbers; one that may be
 * answered gets its part on first use. Driven through {@link Shard#onEvent} with a store stand-in
 * whose appends commit at once.
 */
class StoredOnlySessionsTest {

  private static final long SELF = 10_001;
  private static final int SESSIONS = 20;

  private final GuardedVertx gv = GuardedVertx.with(TestConfig.defaults().guard());
  private final SessionDirectory directory = new SessionDirectory();

  @AfterEach
  void close() {
    gv.close();
  }

  @Test
  void underBrainNoneASessionKeepsNoReplyState() {
    Shard shard = shardAfterMessages(false);
    for (int peer = 0; peer < SESSIONS; peer++) {
      SessionState s = shard.session(key(peer));
      assertNotNull(s, "session " + peer);
      assertNull(s.replyIfAny(), "session " + peer + " allocated a ReplyState");
      assertEquals(0, s.appendsPending);
      assertEquals(3, s.appendSeq);
      assertTrue(s.quiescent());
    }
    assertEquals(SESSIONS, directory.size());
    assertTrue(directory.list().stream().allMatch(e -> e.state().equals("idle")
        && e.buffered() == 0), directory.list().toString());
  }

  @Test
  void aSessionThatMayBeAnsweredGetsItsReplyStateOnFirstUse() {
    Shard shard = shardAfterMessages(true);
    for (int peer = 0; peer < SESSIONS; peer++) {
      SessionState s = shard.session(key(peer));
      assertNotNull(s.replyIfAny(), "session " + peer);
      assertEquals(3, s.buffered());
      assertEquals(0, s.appendsPending);
      assertTrue(!s.quiescent(), "an idle timer is armed for the buffer");
    }
    assertTrue(directory.list().stream().allMatch(e -> e.state().equals("buffering")
        && e.buffered() == 3), directory.list().toString());
  }

  @Test
  void appendsEndingOutOfOrderStayPendingUntilHandedOn() {
    SessionState s = new SessionState(key(1), 0);
    s.appendSeq = 3; // three appends started, as MessageIntake counts them
    s.appendsPending = 3;
    assertEquals(3, s.appendsPending);
    StringBuilder handedOn = new StringBuilder();
    AppendOrder.ended(s, 2, () -> handedOn.append(2));
    assertEquals(3, s.appendsPending, "the second waits for the first");
    AppendOrder.ended(s, 1, () -> handedOn.append(1));
    assertEquals(1, s.appendsPending);
    AppendOrder.ended(s, 3, () -> handedOn.append(3));
    assertEquals("123", handedOn.toString());
    assertEquals(0, s.appendsPending);
    assertTrue(s.quiescent());
    assertNull(s.replyIfAny());
  }

  /** Three private messages from each of {@link #SESSIONS} users, all appended. */
  private Shard shardAfterMessages(boolean brainAnswers) {
    SessionConfig config = TestConfig.defaults().with("session.idle_flush", "1h")
        .with("session.max_buffer", 100).with("session.summon_private", "1h")
        .with("memory.summarize_after", 0).session();
    Context context = gv.vertx.getOrCreateContext();
    TaskSet tasks = OnContext.call(context, () -> gv.guard.newTaskSet("stored-only"));
    Store store = committingStore();
    OneBotConfig onebot = TestConfig.onebot(Map.of()); // read from disk: not on the loop
    Shard shard = OnContext.call(context, () -> {
      OneBotActions actions = new OneBotActions(gv.vertx.eventBus(), onebot);
      return new Shard(0, 1, gv.vertx, tasks, config, store,
          new BrainClient(gv.vertx, tasks, Duration.ofSeconds(5)),
          new OutboundMessages(actions, store, tasks, config.sendTimeout(),
              config.storeTimeout()), directory, new SessionMetrics(gv.registry),
          () -> brainAnswers, StickerIndex.none(), null, actions, selfId -> true);
    });
    EventDecoder decoder = new EventDecoder();
    for (int i = 0; i < 3 * SESSIONS; i++) {
      InboundEvent event = event(decoder, i % SESSIONS, i);
      context.runOnContext(v -> shard.onEvent(event)); // one turn each, in order
    }
    // Checked on the shard's loop; what it wrote there is seen here once the poll has ended.
    OnContext.await(Poll.until(gv.vertx, Duration.ofMillis(10), Duration.ofSeconds(20),
        "appends ended", () -> {
          Promise<Boolean> drained = Promise.promise();
          context.runOnContext(v -> drained.complete(tasks.size() == 0));
          return drained.future();
        }));
    return shard;
  }

  private static ChatKey key(int peer) {
    return ChatKey.privateChat(SELF, 300_000 + peer);
  }

  private static InboundEvent event(EventDecoder decoder, int peer, int id) {
    long now = System.currentTimeMillis();
    long user = 300_000 + peer;
    String frame = new JsonObject().put("time", now / 1000).put("self_id", SELF)
        .put("post_type", "message").put("message_type", "private").put("sub_type", "friend")
        .put("message_id", 1_000 + id).put("user_id", user).put("font", 14)
        .put("raw_message", "hello " + id)
        .put("message", new JsonArray().add(new JsonObject().put("type", "text")
            .put("data", new JsonObject().put("text", "hello " + id))))
        .put("sender", new JsonObject().put("user_id", user).put("nickname", "u" + user))
        .encode();
    DecodeResult.Decoded decoded = (DecodeResult.Decoded) decoder.decodeText(frame);
    return new InboundEvent(SELF, "message", decoded.event(), "test", now, Buffer.buffer(frame));
  }

  /** Message appends are stored at once; whatever else is asked succeeds empty. */
  private static Store committingStore() {
    return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(),
        new Class<?>[] {Store.class}, (proxy, method, args) -> {
          if (method.getName().equals("append")) {
            return Future.succeededFuture(AppendResult.STORED);
          }
          if (method.getReturnType() == Future.class) {
            return Future.succeededFuture();
          }
          return method.getName().equals("toString") ? "committing store" : null;
        });
  }
}
