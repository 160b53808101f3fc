package dev.perocore.social.brain;

import static dev.perocore.social.brain.BrainRequest.Mode.OBSERVING;
import static dev.perocore.social.brain.BrainRequest.Mode.SUMMONED;
import static dev.perocore.social.testing.OnContext.await;
import static dev.perocore.social.testing.OnContext.call;
import static dev.perocore.social.testing.OnContext.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.brain.impl.NoneBrain;
import dev.perocore.social.guard.OperationTimeoutException;
import dev.perocore.social.guard.TaskOutcome;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.LogCapture;
import dev.perocore.social.testing.Poll;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.Context;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The brain over the real event bus: local codecs, the echo and none brains, the client's limits. */
class BrainBusTest {

  private GuardedVertx gv;
  private Context session;
  private TaskSet sessionTasks;

  @BeforeEach
  void setUp() {
    gv = GuardedVertx.fast();
    session = gv.vertx.getOrCreateContext();
    sessionTasks = call(session, () -> gv.guard.newTaskSet("test-session"));
  }

  @AfterEach
  void tearDown() {
    gv.close();
  }

  private BrainClient client(Duration timeout) {
    return call(session, () -> new BrainClient(gv.vertx, sessionTasks, timeout));
  }

  private void deploy(BrainConfig config) {
    await(gv.vertx.deployVerticle(new BrainVerticle(gv.guard, Duration.ofSeconds(1), config)));
  }

  private double decisions(String mode, String decision) {
    return gv.counter("social.brain.decisions", "mode", mode, "decision", decision);
  }

  @Test
  void requestsAndDecisionsCrossTheBusByReferenceNotAsJsonCopies() {
    BrainClient client = client(Duration.ofSeconds(5));
    AtomicReference<Object> received = new AtomicReference<>();
    BrainDecision.Reply prepared = new BrainDecision.Reply("prepared");
    gv.vertx.eventBus().consumer(BrainAddresses.DECIDE, message -> {
      received.set(message.body());
      message.reply(prepared);
    });
    BrainRequest request = new BrainRequest(Chats.GROUP, SUMMONED,
        List.of(Chats.line(20002, "Alice", "hi")), Chats.richContext(), Chats.BOT);

    BrainDecision answer = await(call(session, () -> client.decide(request)));

    assertSame(request, received.get(), "the consumer got the sender's object itself");
    assertSame(prepared, answer, "the caller got the consumer's object itself");
  }

  @Test
  void echoRepliesWithWhatItWasToldWhenSummonedAndPassesWhenObserving() {
    deploy(TestConfig.brain(Map.of("brain.kind", "echo")));
    BrainClient client = client(Duration.ofSeconds(5));

    BrainDecision reply = await(call(session,
        () -> client.decide(Chats.request(SUMMONED, "first", "[CQ:face,id=1] hello"))));
    BrainDecision pass = await(call(session,
        () -> client.decide(Chats.request(OBSERVING, "just chatter"))));

    assertEquals(new BrainDecision.Reply("echo: [CQ:face,id=1] hello"), reply);
    assertInstanceOf(BrainDecision.Pass.class, pass);
    assertEquals(1, decisions("summoned", "reply"));
    assertEquals(1, decisions("observing", "pass"));
    var timer = gv.registry.find("social.brain").tag("op", "decide").timer();
    assertEquals(2, timer.count());
  }

  @Test
  void echoSummarizesByFirstWordsAndFrequencyAndJudgesAsConfigured() {
    deploy(TestConfig.brain(Map.of("brain.kind", "echo", "brain.timeout", "5s",
        "brain.echo_verdict", "approve")));
    BrainClient client = client(Duration.ofSeconds(5));
    SummaryRequest range = new SummaryRequest(Chats.GROUP, List.of(
        Chats.line(1, "A", "cats are great [CQ:face,id=2]"),
        Chats.line(2, "B", "cats sleep a lot"),
        Chats.line(3, "C", "dogs too, but cats more")));

    Summary summary = await(call(session, () -> client.summarize(range)));
    RequestVerdict verdict = await(call(session, () -> client.judge(
        new FriendRequestQuestion(10001, 20002, "hi", FriendRequestQuestion.FRIEND))));

    assertTrue(summary.summary().startsWith("cats are great cats sleep"), summary.summary());
    assertEquals("cats", summary.keywords().get(0));
    assertTrue(!summary.summary().contains("CQ:"), "CQ codes are not words");
    assertEquals(RequestVerdict.APPROVE, verdict);
  }

  @Test
  void noneNeverRepliesFailsSummariesClearlyHoldsRequestsAndSaysSoOnceAtStart() {
    try (LogCapture log = LogCapture.of(BrainVerticle.class)) {
      deploy(TestConfig.defaults().brain());
      BrainClient client = client(Duration.ofSeconds(5));

      for (int i = 0; i < 3; i++) {
        BrainDecision decision = await(call(session,
            () -> client.decide(Chats.request(SUMMONED, "hello?"))));
        assertEquals(new BrainDecision.Pass(NoneBrain.REASON), decision);
      }
      Throwable summary = failure(call(session,
          () -> client.summarize(new SummaryRequest(Chats.GROUP, List.of(Chats.line(1, "A", "x"))))));
      RequestVerdict verdict = await(call(session, () -> client.judge(
          new FriendRequestQuestion(10001, 20002, "", FriendRequestQuestion.GROUP_INVITE))));

      assertInstanceOf(ReplyException.class, summary);
      assertTrue(summary.getMessage().contains("no brain configured"), summary.getMessage());
      assertEquals("brain_error", BrainClient.failureLabel(summary));
      assertEquals(RequestVerdict.HOLD, verdict);
      assertEquals(3, decisions("summoned", "pass"));
      assertEquals(1, log.lines().stream().filter(l -> l.contains("never replies")).count(),
          log.lines().toString());
      assertTrue(log.contains("brain.llm.base_url"), "the notice says how to configure an LLM");
    }
  }

  @Test
  void aBrainThatNeverAnswersFailsWithTheNamedTimeoutAndLeavesNoTaskBehind() {
    gv.vertx.eventBus().consumer(BrainAddresses.DECIDE, message -> {
      // Receives and never replies: PeroCore's hung brain.
    });
    BrainClient client = client(Duration.ofMillis(100));

    Throwable failed = failure(call(session,
        () -> client.decide(Chats.request(SUMMONED, "anyone?"))));

    OperationTimeoutException timeout = assertInstanceOf(OperationTimeoutException.class, failed);
    assertEquals(BrainClient.DECIDE, timeout.operation());
    assertEquals("timeout", BrainClient.failureLabel(failed));
    assertEquals(1, gv.counter("social.timeouts", "op", BrainClient.DECIDE));
    assertEquals(1, gv.guard.taskCount(BrainClient.DECIDE, TaskOutcome.TIMEOUT));
    // The event bus gives up on the reply shortly after the named deadline: no ghost stays.
    await(Poll.untilTrue(gv.vertx, "the request task ends", () -> sessionTasks.size() == 0));
  }

  @Test
  void withNoBrainDeployedTheCallFailsAtOnceAsNoBrain() {
    BrainClient client = client(Duration.ofSeconds(5));

    Throwable failed = failure(call(session,
        () -> client.decide(Chats.request(SUMMONED, "hello"))));

    ReplyException reply = assertInstanceOf(ReplyException.class, failed);
    assertEquals(ReplyFailure.NO_HANDLERS, reply.failureType());
    assertEquals("no_brain", BrainClient.failureLabel(failed));
    assertEquals(0, sessionTasks.size());
    assertEquals(1, gv.guard.taskCount(BrainClient.DECIDE, TaskOutcome.FAILURE));
  }

  @Test
  void aWrongBodyTypeIsRefusedNotCrashed() {
    deploy(TestConfig.brain(Map.of("brain.kind", "echo")));

    Throwable failed = failure(gv.vertx.eventBus().request(BrainAddresses.DECIDE, "not a request"));

    ReplyException reply = assertInstanceOf(ReplyException.class, failed);
    assertEquals(400, reply.failureCode());
  }

  @Test
  void undeployUnregistersTheConsumersAndDrains() {
    String id = await(gv.vertx.deployVerticle(new BrainVerticle(gv.guard, Duration.ofSeconds(1),
        TestConfig.brain(Map.of("brain.kind", "echo")))));
    BrainClient client = client(Duration.ofSeconds(5));
    assertInstanceOf(BrainDecision.Reply.class,
        await(call(session, () -> client.decide(Chats.request(SUMMONED, "hi")))));

    await(gv.vertx.undeploy(id));

    Throwable failed = failure(call(session, () -> client.decide(Chats.request(SUMMONED, "hi"))));
    assertEquals("no_brain", BrainClient.failureLabel(failed));
  }
}
