package dev.perocore.social.session.requests;

import static dev.perocore.social.testing.OnContext.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.brain.BrainAddresses;
import dev.perocore.social.brain.RequestVerdict;
import dev.perocore.social.guard.TaskOutcome;
import dev.perocore.social.session.EdgeFixture;
import dev.perocore.social.sim.ActionBehaviour;
import dev.perocore.social.store.PendingRequest;
import dev.perocore.social.store.RequestResolution;
import dev.perocore.social.store.StoredRequest;
import dev.perocore.social.testing.Poll;
import dev.perocore.social.testing.SentText;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests through the real path: the simulator sends request events over a reverse WebSocket,
 * the gateway publishes them on social.inbound.request, the desk stores, decides and answers with
 * OneBot actions that the simulator receives.
 */
class RequestDeskTest {

  private static final long OWNER = 777;

  @TempDir Path dir;
  private EdgeFixture edge;

  @AfterEach
  void tearDown() {
    if (edge != null) {
      edge.close();
    }
  }

  /** The {@code requests:} keys of these tests; a test adds its own and takes {@code requests()}. */
  private static TestConfig policies(RequestPolicy friend, RequestPolicy invite,
      RequestPolicy add) {
    return TestConfig.defaults()
        .with("requests.friend", friend.label())
        .with("requests.group_invite", invite.label())
        .with("requests.group_add", add.label())
        .with("requests.action_timeout", "2s").with("requests.brain_timeout", "2s")
        .with("owner.qq", OWNER);
  }

  private JsonObject groupRequest(String subType, long groupId, long userId, String flag) {
    return new JsonObject().put("time", System.currentTimeMillis() / 1000)
        .put("self_id", EdgeFixture.BOT).put("post_type", "request").put("request_type", "group")
        .put("sub_type", subType).put("group_id", groupId).put("user_id", userId)
        .put("comment", "please").put("flag", flag);
  }

  private List<JsonObject> actions(String name) {
    return edge.sim.actionsReceived(name);
  }

  private JsonObject onlyAction(String name) {
    edge.waitFor(name + " sent", () -> !actions(name).isEmpty());
    List<JsonObject> sent = actions(name);
    assertEquals(1, sent.size(), sent.toString());
    return sent.get(0).getJsonObject("params");
  }

  private StoredRequest stored(long id) {
    return await(edge.store.store().request(id)).orElseThrow();
  }

  /**
   * Waits until every one of {@code ids} is resolved: requests in flight together are recorded in
   * the order their answers came back, so the last one resolved says nothing of the others.
   */
  private void waitResolved(long... ids) {
    for (long id : ids) {
      await(Poll.until(edge.vertx, Duration.ofMillis(20), Duration.ofSeconds(20),
          "request " + id + " resolved",
          () -> edge.store.store().request(id).map(r -> r.map(found -> !found.open())
              .orElse(false))));
    }
  }

  private List<JsonObject> ownerNotices() {
    return actions("send_private_msg").stream()
        .filter(a -> a.getJsonObject("params").getLong("user_id") == OWNER).toList();
  }

  private double requests(String kind, String decision, String by) {
    return edge.guarded.counter("social.requests", "kind", kind, "decision", decision, "by", by);
  }

  @Test
  void approvedFriendIsAnsweredRecordedGreetedAfterAPauseAndTheOwnerIsTold() {
    edge = new EdgeFixture(dir, policies(RequestPolicy.APPROVE, RequestPolicy.HOLD,
        RequestPolicy.HOLD).with("requests.greeting", "nice to meet you")
        .with("requests.greeting_delay_min", "50ms").with("requests.greeting_delay_max", "150ms")
        .requests(), null);
    JsonObject request = edge.sim.friendRequest(20001, "I am Bob");
    await(edge.sim.send(request));

    JsonObject params = onlyAction("set_friend_add_request");
    assertEquals(request.getString("flag"), params.getString("flag"));
    assertEquals(true, params.getBoolean("approve"));
    waitResolved(1);
    StoredRequest row = stored(1);
    assertEquals(Optional.of(RequestResolution.APPROVED), row.resolution());
    assertEquals("I am Bob", row.row().comment());
    assertEquals("policy", row.note());

    edge.waitFor("greeting", () -> actions("send_private_msg").stream().anyMatch(a ->
        a.getJsonObject("params").getLong("user_id") == 20001
            && "nice to meet you".equals(SentText.of(a.getJsonObject("params")))));
    edge.waitFor("owner told", () -> ownerNotices().stream().anyMatch(a ->
        SentText.of(a.getJsonObject("params")).contains("approved")));
    assertEquals(1.0, requests("friend", "approved", "policy"));
  }

  @Test
  void rejectedFriendIsAnsweredNoAndNotGreeted() {
    edge = new EdgeFixture(dir, policies(RequestPolicy.REJECT, RequestPolicy.HOLD,
        RequestPolicy.HOLD).with("requests.greeting", "hi")
        .with("requests.greeting_delay_min", "1ms").with("requests.greeting_delay_max", "1ms")
        .requests(), null);
    await(edge.sim.send(edge.sim.friendRequest(20002, "spam")));
    assertEquals(false, onlyAction("set_friend_add_request").getBoolean("approve"));
    waitResolved(1);
    assertEquals(Optional.of(RequestResolution.REJECTED), stored(1).resolution());
    edge.waitFor("owner told", () -> !ownerNotices().isEmpty());
    assertTrue(actions("send_private_msg").stream()
        .noneMatch(a -> a.getJsonObject("params").getLong("user_id") == 20002), "no greeting");
  }

  @Test
  void heldFriendIsStoredOpenAndOnlyTheOwnerHearsOfIt() {
    edge = new EdgeFixture(dir, policies(RequestPolicy.HOLD, RequestPolicy.HOLD,
        RequestPolicy.HOLD).requests(), null);
    await(edge.sim.send(edge.sim.friendRequest(20003, "hello?")));
    edge.waitFor("owner told", () -> !ownerNotices().isEmpty());
    List<PendingRequest> open = await(edge.store.store().pendingRequests(10));
    assertEquals(1, open.size());
    assertEquals(20003, open.get(0).row().userId());
    assertTrue(actions("set_friend_add_request").isEmpty());
    assertEquals(1.0, requests("friend", "held", "policy"));
  }

  @Test
  void groupInvitesAndJoinRequestsFollowTheirOwnPolicies() {
    edge = new EdgeFixture(dir, policies(RequestPolicy.HOLD, RequestPolicy.APPROVE,
        RequestPolicy.REJECT).requests(), null);
    await(edge.sim.send(groupRequest("invite", 40001, 20004, "inv-1")));
    JsonObject invite = onlyAction("set_group_add_request");
    assertEquals("inv-1", invite.getString("flag"));
    assertEquals("invite", invite.getString("sub_type"));
    assertEquals(true, invite.getBoolean("approve"));

    await(edge.sim.send(groupRequest("add", 40002, 20005, "add-1")));
    edge.waitFor("join answered", () -> actions("set_group_add_request").size() == 2);
    JsonObject join = actions("set_group_add_request").get(1).getJsonObject("params");
    assertEquals("add-1", join.getString("flag"));
    assertEquals("add", join.getString("sub_type"));
    assertEquals(false, join.getBoolean("approve"));
    waitResolved(1, 2);
    assertEquals(Optional.of(RequestResolution.APPROVED), stored(1).resolution());
    assertEquals(Optional.of(RequestResolution.REJECTED), stored(2).resolution());
    assertEquals(40002L, stored(2).row().groupId());
  }

  @Test
  void askBrainFollowsTheEchoBrainsVerdict() {
    edge = new EdgeFixture(dir, policies(RequestPolicy.ASK_BRAIN, RequestPolicy.ASK_BRAIN,
        RequestPolicy.HOLD).requests(), EdgeFixture.echo(RequestVerdict.APPROVE));
    await(edge.sim.send(edge.sim.friendRequest(20006, "friend?")));
    await(edge.sim.send(groupRequest("invite", 40003, 20006, "inv-2")));
    assertEquals(true, onlyAction("set_friend_add_request").getBoolean("approve"));
    assertEquals(true, onlyAction("set_group_add_request").getBoolean("approve"));
    waitResolved(1, 2);
    assertEquals("brain", stored(1).note());
    // Counted once the desk hears the record committed, a moment after the row reads resolved.
    edge.waitFor("both approvals counted", () -> requests("friend", "approved", "brain") == 1.0
        && requests("group_invite", "approved", "brain") == 1.0);
  }

  @Test
  void askBrainWithoutABrainHolds() {
    edge = new EdgeFixture(dir, policies(RequestPolicy.ASK_BRAIN, RequestPolicy.HOLD,
        RequestPolicy.HOLD).requests(), null);
    await(edge.sim.send(edge.sim.friendRequest(20007, "anyone?")));
    edge.waitFor("held", () -> requests("friend", "held", "brain") == 1.0);
    assertEquals(1, await(edge.store.store().pendingRequests(10)).size());
    assertTrue(actions("set_friend_add_request").isEmpty());
  }

  @Test
  void aBrainThatNeverAnswersHoldsTheRequestAndStallsNothingElse() {
    edge = new EdgeFixture(dir, policies(RequestPolicy.ASK_BRAIN, RequestPolicy.APPROVE,
        RequestPolicy.HOLD).with("requests.action_timeout", "2s")
        .with("requests.brain_timeout", "1500ms").requests(), null);
    // A brain that takes every question and never answers.
    await(edge.vertx.eventBus().consumer(BrainAddresses.REQUEST, message -> { }).completion());
    await(edge.sim.send(edge.sim.friendRequest(20008, "slow brain")));
    edge.waitFor("judging", () -> edge.desk.taskSet().inFlight().stream()
        .anyMatch(t -> t.kind().equals("brain.call.judge")));

    // Meanwhile another request is answered at once: nothing waits for the brain.
    await(edge.sim.send(groupRequest("invite", 40004, 20009, "inv-3")));
    edge.waitFor("invite answered", () -> !actions("set_group_add_request").isEmpty());
    assertTrue(edge.desk.taskSet().inFlight().stream()
        .anyMatch(t -> t.kind().equals("brain.call.judge")), "brain still judging");

    edge.waitFor("held after the brain's deadline",
        () -> requests("friend", "held", "brain") == 1.0);
    List<PendingRequest> open = await(edge.store.store().pendingRequests(10));
    assertEquals(1, open.size());
    assertEquals(20008, open.get(0).row().userId());
    assertTrue(edge.guarded.counter("social.timeouts", "op", "brain.call.judge") >= 1);
    assertTrue(actions("set_friend_add_request").isEmpty());
  }

  @Test
  void anAnswerTheImplementationRefusesLeavesTheRequestOpen() {
    edge = new EdgeFixture(dir, policies(RequestPolicy.APPROVE, RequestPolicy.HOLD,
        RequestPolicy.HOLD).requests(), null);
    edge.sim.answer("set_friend_add_request", ActionBehaviour.failed(100, "no such request"));
    await(edge.sim.send(edge.sim.friendRequest(20010, "x")));
    edge.waitFor("failure counted", () -> requests("friend", "failed", "policy") == 1.0);
    assertTrue(stored(1).open());
    assertEquals(1, await(edge.store.store().pendingRequests(10)).size());
    edge.waitFor("owner told", () -> ownerNotices().stream().anyMatch(a ->
        SentText.of(a.getJsonObject("params")).contains("held for you")));
  }

  @Test
  void everyDecisionAndEverySendIsPublishedForSubscribersFailuresToo() {
    edge = new EdgeFixture(dir, policies(RequestPolicy.APPROVE, RequestPolicy.HOLD,
        RequestPolicy.HOLD).requests(), null);
    List<JsonObject> outcomes = new CopyOnWriteArrayList<>();
    List<JsonObject> sends = new CopyOnWriteArrayList<>();
    await(edge.vertx.eventBus().<JsonObject>consumer("social.events.request_outcome",
        m -> outcomes.add(m.body())).completion());
    await(edge.vertx.eventBus().<JsonObject>consumer("social.events.outbound",
        m -> sends.add(m.body())).completion());
    edge.sim.answer("set_friend_add_request", ActionBehaviour.failed(100, "no such request"));
    edge.sim.answer("send_private_msg", ActionBehaviour.failed(120, "muted"));

    await(edge.sim.send(edge.sim.friendRequest(20013, "hi")));
    edge.waitFor("the failure published", () -> outcomes.size() == 1);
    await(edge.sim.send(groupRequest("invite", 40005, 20014, "inv-9")));
    edge.waitFor("the hold published", () -> outcomes.size() == 2);
    long invite = await(edge.store.store().pendingRequests(10)).stream()
        .filter(p -> "group".equals(p.row().requestType())).findFirst().orElseThrow().rowId();
    await(edge.desk.resolve(invite, true, "welcome"));
    edge.waitFor("the owner's decision published", () -> outcomes.size() == 3);

    assertEquals(List.of("friend/failed/policy/20013", "group_invite/held/policy/20014",
        "group_invite/approved/admin/20014"), outcomes.stream().map(o -> o.getString(
            "request_kind") + "/" + o.getString("outcome") + "/" + o.getString("by") + "/"
            + o.getLong("user_id")).toList());
    JsonObject held = outcomes.get(1);
    assertEquals(1, held.getInteger("v"));
    assertEquals("request_outcome", held.getString("kind"));
    assertEquals(EdgeFixture.BOT, held.getLong("self_id"));
    assertEquals(40005L, held.getLong("group_id"));
    assertEquals("please", held.getString("comment"));
    assertEquals("inv-9", held.getString("flag"));

    // The owner was told twice (failed, held) and QQ refused both: published as failed sends.
    edge.waitFor("both owner notices published", () -> sends.size() == 2);
    for (JsonObject send : sends) {
      assertEquals("owner_notice", send.getString("reason"), send.encode());
      assertEquals("failed", send.getString("result"));
      assertEquals(120, send.getInteger("retcode"));
      assertEquals(null, send.getString("message_id"));
      assertEquals(OWNER, send.getJsonObject("chat").getLong("peer_id"));
      // text is the CQ-code form (brackets escaped); message the segments as sent.
      assertTrue(send.getString("text").startsWith("&#91;request&#93; "), send.getString("text"));
      assertTrue(send.getJsonArray("message").getJsonObject(0).getJsonObject("data")
          .getString("text").startsWith("[request] "), send.encode());
    }
  }

  /**
   * The answer went out and only its record failed (a trigger makes every resolution write
   * fail): the friend is greeted and counted as approved, the owner hears that the row still
   * reads open, and deciding it later records the answer QQ got instead of sending another.
   */
  @Test
  void anAnswerWhoseRecordFailedIsGreetedToldAndNeverSentTwice() throws SQLException {
    edge = new EdgeFixture(dir, policies(RequestPolicy.APPROVE, RequestPolicy.HOLD,
        RequestPolicy.HOLD).with("requests.greeting", "hello friend")
        .with("requests.greeting_delay_min", "1ms").with("requests.greeting_delay_max", "5ms")
        .requests(), null);
    failResolutions(true);
    await(edge.sim.send(edge.sim.friendRequest(20021, "record me")));

    assertEquals(true, onlyAction("set_friend_add_request").getBoolean("approve"));
    edge.waitFor("greeting", () -> actions("send_private_msg").stream().anyMatch(a ->
        a.getJsonObject("params").getLong("user_id") == 20021));
    edge.waitFor("owner told", () -> ownerNotices().stream().anyMatch(a ->
        SentText.of(a.getJsonObject("params")).contains("approved (policy), but not recorded")));
    edge.waitFor("counted", () -> requests("friend", "approved", "policy") == 1.0);
    assertTrue(stored(1).open(), "the resolution write failed, so the row reads open");

    // The owner rejects it while the store still fails: 409 with what QQ got, nothing sent.
    ResolveOutcome first = await(edge.desk.resolve(1, false, "no"));
    assertEquals(new ResolveOutcome.AlreadyResolved(1, "approved"), first);
    assertTrue(stored(1).open());

    failResolutions(false);
    ResolveOutcome second = await(edge.desk.resolve(1, false, "no"));
    assertEquals(new ResolveOutcome.AlreadyResolved(1, "approved"), second);
    StoredRequest row = stored(1);
    assertEquals(Optional.of(RequestResolution.APPROVED), row.resolution());
    assertEquals("policy", row.note());
    assertEquals(1, actions("set_friend_add_request").size(), "answered once");
    assertEquals(1, greetingsTo(20021), "greeted once");
    assertEquals(1.0, requests("friend", "approved", "policy"));
    assertEquals(0.0, requests("friend", "rejected", "admin"));
  }

  /** The owner's own answer whose record failed: 200 recorded false, then never sent again. */
  @Test
  void theOwnersAnswerWhoseRecordFailedIsNotSentTwice() throws SQLException {
    edge = new EdgeFixture(dir, policies(RequestPolicy.HOLD, RequestPolicy.HOLD,
        RequestPolicy.HOLD).with("requests.greeting", "hello friend")
        .with("requests.greeting_delay_min", "1ms").with("requests.greeting_delay_max", "5ms")
        .requests(), null);
    await(edge.sim.send(edge.sim.friendRequest(20022, "decide me")));
    edge.waitFor("held", () -> requests("friend", "held", "policy") == 1.0);
    failResolutions(true);

    ResolveOutcome answered = await(edge.desk.resolve(1, true, "welcome"));
    assertTrue(answered instanceof ResolveOutcome.Resolved r && !r.recorded(), answered.toString());
    edge.waitFor("greeting", () -> greetingsTo(20022) == 1);
    assertEquals(new ResolveOutcome.AlreadyResolved(1, "approved"),
        await(edge.desk.resolve(1, false, "")));

    failResolutions(false);
    assertEquals(new ResolveOutcome.AlreadyResolved(1, "approved"),
        await(edge.desk.resolve(1, false, "")));
    StoredRequest row = stored(1);
    assertEquals(Optional.of(RequestResolution.APPROVED), row.resolution());
    assertEquals("admin: welcome", row.note());
    assertEquals(1, actions("set_friend_add_request").size(), "answered once");
    assertEquals(1, greetingsTo(20022), "greeted once");
  }

  /** While policy's answer is on its way to QQ, the owner's decision is "being resolved". */
  @Test
  void theOwnerCannotAnswerARequestPolicyIsAnswering() {
    edge = new EdgeFixture(dir, policies(RequestPolicy.APPROVE, RequestPolicy.HOLD,
        RequestPolicy.HOLD).with("requests.action_timeout", "30s").requests(), null);
    Promise<Void> qqAnswers = Promise.promise();
    edge.sim.answer("set_friend_add_request", ActionBehaviour.gated(qqAnswers.future()));
    await(edge.sim.send(edge.sim.friendRequest(20023, "race")));
    // The action has reached QQ and its answer is held back: policy is mid-decision.
    edge.waitFor("policy's answer sent", () -> !actions("set_friend_add_request").isEmpty());

    assertEquals(new ResolveOutcome.AlreadyResolved(1, "being resolved"),
        await(edge.desk.resolve(1, false, "")));
    qqAnswers.complete();
    waitResolved(1);
    assertEquals(Optional.of(RequestResolution.APPROVED), stored(1).resolution());
    assertEquals(1, actions("set_friend_add_request").size(), "answered once");
  }

  /**
   * A request whose append failed is still answered; its redelivery, stored this time, is not
   * answered again, and the owner's decision on that row records the answer QQ got.
   */
  @Test
  void aRedeliveryOfARequestWhoseAppendFailedIsNotAnsweredAgain() throws SQLException {
    edge = new EdgeFixture(dir, policies(RequestPolicy.APPROVE, RequestPolicy.HOLD,
        RequestPolicy.HOLD).requests(), null);
    onSql("CREATE TRIGGER test_fail_request_insert BEFORE INSERT ON requests"
        + " BEGIN SELECT RAISE(ABORT, 'test: request appends fail'); END");
    JsonObject request = edge.sim.friendRequest(20024, "stored later");
    await(edge.sim.send(request));
    edge.waitFor("counted", () -> requests("friend", "approved", "policy") == 1.0);
    assertEquals(1, actions("set_friend_add_request").size());

    onSql("DROP TRIGGER test_fail_request_insert");
    await(edge.sim.send(request));
    // Polled on an event loop: the read is composed, never awaited there.
    await(Poll.until(edge.vertx, Duration.ofMillis(20), Duration.ofSeconds(20),
        "the redelivery stored", () -> edge.store.store().request(1).map(Optional::isPresent)));
    assertEquals(new ResolveOutcome.AlreadyResolved(1, "approved"),
        await(edge.desk.resolve(1, false, "")));
    assertEquals(Optional.of(RequestResolution.APPROVED), stored(1).resolution());
    assertEquals(1, actions("set_friend_add_request").size(), "answered once");
    assertEquals(1.0, requests("friend", "approved", "policy"));
  }

  private long greetingsTo(long userId) {
    return actions("send_private_msg").stream()
        .filter(a -> a.getJsonObject("params").getLong("user_id") == userId).count();
  }

  /** Makes the requests' resolution writes fail (a trigger), or work again. */
  private void failResolutions(boolean fail) throws SQLException {
    onSql(fail
        ? "CREATE TRIGGER test_fail_resolution BEFORE UPDATE OF resolution ON requests"
            + " BEGIN SELECT RAISE(ABORT, 'test: resolution writes fail'); END"
        : "DROP TRIGGER test_fail_resolution");
  }

  /** Runs one statement on the service's database from a connection of its own. */
  private void onSql(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/social.db"));
        Statement st = c.createStatement()) {
      st.execute("PRAGMA busy_timeout = 5000");
      st.execute(sql);
    }
  }

  @Test
  void aRedeliveredRequestIsAnsweredOnce() {
    edge = new EdgeFixture(dir, policies(RequestPolicy.APPROVE, RequestPolicy.HOLD,
        RequestPolicy.HOLD).requests(), null);
    JsonObject request = edge.sim.friendRequest(20011, "twice");
    await(edge.sim.send(request));
    waitResolved(1);
    await(edge.sim.send(request));
    await(edge.sim.send(edge.sim.friendRequest(20012, "third")));
    waitResolved(2);
    assertEquals(2, actions("set_friend_add_request").size());
    assertFalse(await(edge.store.store().request(3)).isPresent());
  }

  @Test
  void aGreetingStillPausingAtShutdownIsEndedAndCountedNotLeftBehind() {
    edge = new EdgeFixture(dir, policies(RequestPolicy.APPROVE, RequestPolicy.HOLD,
        RequestPolicy.HOLD).with("owner.qq", 0).with("requests.greeting", "welcome")
        .with("requests.greeting_delay_min", "30s").with("requests.greeting_delay_max", "30s")
        .requests(), null);
    await(edge.sim.send(edge.sim.friendRequest(20013, "late greeting")));
    waitResolved(1);
    edge.waitFor("greeting pausing", () -> edge.desk.taskSet().inFlight().stream()
        .anyMatch(t -> t.kind().equals(RequestDesk.GREETING)));

    await(edge.vertx.undeploy(edge.desk.deploymentID()));
    assertEquals(1.0, edge.guarded.guard.taskCount(RequestDesk.GREETING, TaskOutcome.FAILURE));
    assertEquals(0, edge.desk.taskSet().size());
    assertTrue(actions("send_private_msg").isEmpty(), "no greeting after shutdown");
  }
}
