package dev.perocore.social.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.brain.BrainAddresses;
import dev.perocore.social.brain.BrainClient;
import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.session.impl.Summarizer;
import dev.perocore.social.store.MessageRow;
import dev.perocore.social.store.SummaryRow;
import dev.perocore.social.testing.OnContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Points 10 and 12: notices stored and mutes honoured; summaries claimed exactly once. */
class SummaryAndNoticeTest {

  static final long SELF = SessionHarness.SELF;

  @TempDir
  Path dir;

  private static Future<?> appendMany(SessionHarness h, ChatKey ref, int n, long firstId) {
    List<Future<?>> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Instant now = Instant.now();
      all.add(h.realStore().append(MessageRow.received(ref, firstId + i, 5, "u5",
          "word" + i + " topic", null, now, now, null)));
    }
    return Future.all(all);
  }

  @Test
  void concurrentSummarizersClaimEachMessageExactlyOnce() {
    try (SessionHarness h = SessionHarness.echo(dir, SessionHarness.fastConfig())) {
      ChatKey ref = ChatKey.group(SELF, 1000);
      OnContext.await(appendMany(h, ref, 95, 1_000_000));
      // Four summarizers on four different event loops, started together.
      List<Future<Integer>> runs = new ArrayList<>();
      List<TaskSet> sets = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Context context = h.gv.vertx.getOrCreateContext();
        TaskSet tasks = OnContext.call(context, () -> h.gv.guard.newTaskSet("summary-test"));
        sets.add(tasks);
        runs.add(OnContext.call(context, () -> new Summarizer(h.realStore(),
            new BrainClient(h.gv.vertx, tasks, Duration.ofSeconds(5)), tasks, 30,
            Duration.ofSeconds(5)).summarizeOnce(ChatKey.group(SELF, 1000))));
      }
      OnContext.await(Future.join(runs));
      int summarized = runs.stream().mapToInt(Future::result).sum();
      assertEquals(90, summarized, "three batches of 30; the fourth found too few");
      List<SummaryRow> summaries = OnContext.await(h.realStore().summaries(ref, 10));
      assertEquals(3, summaries.size());
      for (int i = 1; i < summaries.size(); i++) {
        assertTrue(summaries.get(i).firstRowId() > summaries.get(i - 1).lastRowId(),
            "ranges do not overlap: " + summaries);
      }
      assertEquals(5, OnContext.await(h.realStore().countUnsummarized(ref)));
    }
  }

  @Test
  void aFailedSummaryReleasesItsClaim() {
    try (SessionHarness h = SessionHarness.withTestBrain(dir, SessionHarness.fastConfig(),
        Duration.ofSeconds(5))) {
      ChatKey ref = ChatKey.group(SELF, 1001);
      OnContext.await(appendMany(h, ref, 30, 2_000_000));
      OnContext.await(h.gv.vertx.eventBus().consumer(BrainAddresses.SUMMARIZE,
          m -> m.fail(500, "summary brain down")).completion());
      Context context = h.gv.vertx.getOrCreateContext();
      TaskSet tasks = OnContext.call(context, () -> h.gv.guard.newTaskSet("summary-test"));
      Future<Integer> run = OnContext.call(context, () -> new Summarizer(h.realStore(),
          new BrainClient(h.gv.vertx, tasks, Duration.ofSeconds(5)), tasks, 30,
          Duration.ofSeconds(5)).summarizeOnce(ChatKey.group(SELF, 1001)));
      assertTrue(OnContext.failure(run).getMessage().contains("summary brain down"));
      assertEquals(30, OnContext.await(h.realStore().countUnsummarized(ref)),
          "released: a later run can take the same messages");
    }
  }

  @Test
  void aSessionSummarizesItselfAfterEnoughMessages() {
    SessionConfig config = SessionHarness.fast().with("memory.summarize_after", 5).session();
    try (SessionHarness h = SessionHarness.echo(dir, config)) {
      for (int i = 0; i < 5; i++) {
        h.send(h.sim.groupMessage(1002, 3, "we talk about apples " + i));
      }
      ChatKey ref = ChatKey.group(SELF, 1002);
      h.waitFor("summary task succeeded", () -> h.counter("social.tasks", "kind",
          "session.summary", "outcome", "success") == 1);
      List<SummaryRow> summaries = OnContext.await(h.realStore().summaries(ref, 10));
      assertEquals(1, summaries.size());
      assertEquals(5, summaries.get(0).messageCount());
    }
  }

  @Test
  void aMuteOfTheBotPausesRepliesAndTellsTheOwnerOnce() throws Exception {
    SessionConfig config = SessionHarness.fast()
        .with("owner.qq", 4242).with("owner.notify_interval", "10m").session();
    try (SessionHarness h = SessionHarness.withTestBrain(dir, config, Duration.ofSeconds(5))) {
      JsonObject ban = new JsonObject().put("time", Instant.now().getEpochSecond())
          .put("self_id", SELF).put("post_type", "notice").put("notice_type", "group_ban")
          .put("sub_type", "ban").put("group_id", 1100).put("operator_id", 1)
          .put("user_id", SELF).put("duration", 600);
      h.send(ban);
      h.send(ban.copy().put("time", Instant.now().getEpochSecond() + 1));
      h.waitFor("owner told", () -> h.sends("send_private_msg").size() == 1);
      assertEquals(4242L, h.sends("send_private_msg").get(0).getJsonObject("params")
          .getLong("user_id"));
      h.send(h.sim.groupMention(1100, 5, "say something"));
      h.waitFor("flushed while muted", () -> h.replies("passed") == 1);
      assertTrue(h.sends("send_group_msg").isEmpty());
      assertTrue(h.testBrain.requests.isEmpty(), "muted: the brain is not even asked");
      h.send(ban.copy().put("sub_type", "lift_ban").put("duration", 0));
      h.send(h.sim.groupMention(1100, 5, "and now?"));
      h.waitFor("answered after the lift", () -> h.replies("sent") == 1);
      h.waitForOnTestThread("notices stored", () ->
          h.sqlCount("SELECT count(*) FROM notices WHERE notice_type = 'group_ban'") == 3);
      assertEquals(1, h.sends("send_private_msg").size(), "owner told once (rate-limited)");
    }
  }

  @Test
  void recallsAndMembershipNoticesAreStoredForTheirSession() throws Exception {
    try (SessionHarness h = SessionHarness.withTestBrain(dir, SessionHarness.fastConfig(),
        Duration.ofSeconds(5))) {
      JsonObject base = new JsonObject().put("time", Instant.now().getEpochSecond())
          .put("self_id", SELF).put("post_type", "notice");
      h.send(base.copy().put("notice_type", "group_recall").put("group_id", 1200)
          .put("user_id", 5).put("operator_id", 5).put("message_id", 123));
      h.send(base.copy().put("notice_type", "friend_recall").put("user_id", 6)
          .put("message_id", 124));
      h.send(base.copy().put("notice_type", "group_increase").put("sub_type", "approve")
          .put("group_id", 1200).put("user_id", 7).put("operator_id", 1));
      h.send(base.copy().put("notice_type", "group_decrease").put("sub_type", "leave")
          .put("group_id", 1200).put("user_id", 8).put("operator_id", 8));
      h.waitForOnTestThread("four notices", () -> h.sqlCount("SELECT count(*) FROM notices") == 4);
      assertEquals(3, h.sqlCount("SELECT count(*) FROM notices WHERE group_id = 1200"));
      assertEquals(0, h.replies("sent") + h.replies("passed"), "notices never trigger a reply");
    }
  }
}
