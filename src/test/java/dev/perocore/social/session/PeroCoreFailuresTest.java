package dev.perocore.social.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.brain.BrainClient;
import dev.perocore.social.brain.BrainConfig;
import dev.perocore.social.brain.BrainRequest;
import dev.perocore.social.brain.BrainVerticle;
import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.session.impl.Shard;
import dev.perocore.social.store.MessageStatus;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.http.HttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PeroCore's failures (PEROCORE.md, SEED-async-pitfalls), reproduced on purpose and shown
 * harmless: the self-including related-users lookup, a brain that never answers or fails, a stuck
 * context read, and shutting down in the middle of a flush.
 */
class PeroCoreFailuresTest {

  static final long SELF = SessionHarness.SELF;

  @TempDir
  Path dir;

  @Test
  void relatedUsersNeverIncludeTheCurrentPrivateUserOrTheBot() {
    SessionConfig config = SessionHarness.fast()
        .with("context.history", 100).with("context.related_users", 3)
        .with("context.related_window", 10).with("context.related_messages", 10)
        .with("context.related_timeout", "200ms").with("context.read_timeout", "2s").session();
    try (SessionHarness h = SessionHarness.withTestBrain(dir, config, Duration.ofSeconds(5))) {
      // If the lookup included the asking user, this read would hang: PeroCore's self-deadlock.
      h.store.stallPrivateHistoryOf.add(46L);
      h.send(h.sim.privateMessage(46, "first"));
      h.waitFor("first reply", () -> h.replies("sent") == 1);
      h.send(h.sim.privateMessage(46, "second"));
      h.waitFor("second reply", () -> h.replies("sent") == 2);
      assertFalse(h.store.privateHistoryAsked.contains(46L), "the current user is excluded");
      assertFalse(h.store.privateHistoryAsked.contains(SELF), "the bot is excluded");
      for (BrainRequest request : h.testBrain.requests) {
        assertTrue(request.context().missingParts().isEmpty(), request.context().missingParts()
            .toString());
        assertTrue(request.context().relatedUsers().isEmpty());
      }
    }
  }

  @Test
  void relatedUsersOfAGroupAreFetchedAndALateOneIsNamedMissing() {
    SessionConfig config = SessionHarness.fast()
        .with("context.history", 100).with("context.related_users", 3)
        .with("context.related_window", 10).with("context.related_messages", 10)
        .with("context.related_timeout", "150ms").with("context.read_timeout", "2s")
        .with("context.private_in_group", true).session();
    try (SessionHarness h = SessionHarness.withTestBrain(dir, config, Duration.ofSeconds(5))) {
      h.send(h.sim.privateMessage(71, "hi in private")); // a private history for user 71
      h.waitFor("private reply", () -> h.replies("sent") == 1);
      h.store.stallPrivateHistoryOf.add(72L); // user 72's read never completes
      h.send(h.sim.groupMessage(700, 71, "hello group"));
      h.send(h.sim.groupMessage(700, 72, "me too"));
      h.send(h.sim.groupMention(700, 73, "bot?"));
      h.waitFor("group reply", () -> h.replies("sent") == 2);
      BrainRequest group = h.testBrain.requests.stream().filter(BrainRequest::isGroup)
          .findFirst().orElseThrow();
      assertTrue(group.context().relatedUsers().containsKey(71L), group.context().toString());
      assertFalse(group.context().relatedUsers().containsKey(72L));
      assertEquals(java.util.List.of("related_users"), group.context().missingParts());
      assertEquals(1, h.counter("social.context.parts.missing", "part", "related_users"));
      assertFalse(h.store.privateHistoryAsked.contains(SELF));
    }
  }

  @Test
  void aStuckHistoryReadIsLeftOutAndTheReplyStillGoes() {
    SessionConfig config = SessionHarness.fast()
        .with("context.history", 100).with("context.related_users", 3)
        .with("context.related_window", 10).with("context.related_messages", 10)
        .with("context.related_timeout", "100ms").with("context.read_timeout", "150ms").session();
    try (SessionHarness h = SessionHarness.withTestBrain(dir, config, Duration.ofSeconds(5))) {
      h.store.stallRecent = true;
      h.send(h.sim.privateMessage(47, "are you there"));
      h.waitFor("reply despite the stuck read", () -> h.replies("sent") == 1);
      BrainRequest request = h.testBrain.requests.get(0);
      assertTrue(request.context().missingParts().contains("history"));
      assertTrue(request.context().history().isEmpty());
      assertEquals(1, h.counter("social.context.parts.missing", "part", "history"));
      assertEquals(1, h.counter("social.timeouts", "op", "session.context.history"));
    }
  }

  @Test
  void aBrainThatNeverAnswersTimesOutAndTheSessionIsFreeAgain() {
    try (SessionHarness h = SessionHarness.withTestBrain(dir, SessionHarness.fastConfig(),
        Duration.ofMillis(200))) {
      h.testBrain.behaviour = TestBrain.Behaviour.NEVER;
      h.send(h.sim.privateMessage(48, "hello?"));
      h.waitFor("timeout counted", () -> h.replies("timeout") == 1);
      assertEquals(1, h.counter("social.tasks", "kind", BrainClient.DECIDE, "outcome", "timeout"));
      // No ghost: nothing of this flush stays in flight once the bus gives up too.
      h.waitFor("no tasks in flight", () -> h.sessionTasksInFlight() == 0);
      h.testBrain.behaviour = TestBrain.Behaviour.REPLY;
      h.send(h.sim.privateMessage(48, "hello again"));
      h.waitFor("the session answers again", () -> h.replies("sent") == 1);
      assertEquals(1, h.sends("send_private_msg").size());
    }
  }

  @Test
  void aBrainThatFailsMeansNoReplyAndAFreeSession() {
    try (SessionHarness h = SessionHarness.withTestBrain(dir, SessionHarness.fastConfig(),
        Duration.ofSeconds(5))) {
      h.testBrain.behaviour = TestBrain.Behaviour.FAIL;
      h.send(h.sim.privateMessage(49, "hello?"));
      h.waitFor("error counted", () -> h.replies("error") == 1);
      assertTrue(h.sends("send_private_msg").isEmpty());
      h.testBrain.behaviour = TestBrain.Behaviour.PASS;
      h.send(h.sim.privateMessage(49, "still there?"));
      h.waitFor("passed", () -> h.replies("passed") == 1);
      h.waitFor("no tasks in flight", () -> h.sessionTasksInFlight() == 0);
    }
  }

  @Test
  void aFailingLlmOpensItsCircuitAndTheSessionGetsAFastPass() {
    // An LLM endpoint that answers 500 to everything; one failure opens the circuit.
    HttpServer failing = null;
    SessionHarness h = null;
    try {
      h = new SessionHarness(dir, SessionHarness.fastConfig(), (BrainConfig) null,
          Duration.ofSeconds(5), Duration.ofSeconds(2));
      AtomicInteger calls = new AtomicInteger();
      failing = OnContext.await(h.gv.vertx.createHttpServer().requestHandler(req -> {
        calls.incrementAndGet();
        req.response().setStatusCode(500).end("{\"error\":\"down\"}");
      }).listen(0, "127.0.0.1"));
      BrainConfig llm = TestConfig.defaults()
          .with("brain.kind", "llm").with("brain.timeout", "5s")
          .with(Map.of("brain.llm.base_url", "http://127.0.0.1:" + failing.actualPort() + "/v1",
              "brain.llm.api_key", "", "brain.llm.model", "test-model", "brain.llm.timeout", "2s",
              "brain.llm.temperature", 0.5, "brain.llm.max_tokens", 64, "brain.llm.max_retries", 0,
              "brain.llm.retry_delay", "10ms", "brain.llm.circuit_failures", 1,
              "brain.llm.circuit_reset", "5m"))
          .brain();
      h.testBrain.close();
      OnContext.await(h.gv.vertx.deployVerticle(new BrainVerticle(h.gv.guard, Duration.ofSeconds(2),
          llm)));
      SessionHarness harness = h;
      h.send(h.sim.privateMessage(52, "first"));
      h.waitFor("first flush ended", () -> harness.replies("error") + harness.replies("passed")
          == 1);
      h.send(h.sim.privateMessage(52, "second"));
      h.waitFor("second flush passed", () -> harness.replies("error") + harness.replies("passed")
          == 2);
      assertEquals(1, h.gv.gauge("social.brain.llm.circuit.open"));
      assertEquals(1, calls.get(), "the open circuit kept the second request off the endpoint");
      assertTrue(h.replies("passed") >= 1, "an open circuit is a pass, not a hang");
      assertTrue(h.sends("send_private_msg").isEmpty());
      h.waitFor("no tasks in flight", () -> harness.sessionTasksInFlight() == 0);
    } finally {
      if (h != null) {
        h.close();
      }
    }
  }

  @Test
  void undeployDuringAFlushReportsTheAbandonedFlush() {
    try (SessionHarness h = new SessionHarness(dir, SessionHarness.fastConfig(), false,
        Duration.ofSeconds(10), Duration.ofMillis(200))) {
      h.testBrain.behaviour = TestBrain.Behaviour.NEVER;
      h.send(h.sim.privateMessage(50, "hello?"));
      h.waitFor("the brain was asked", () -> h.testBrain.requests.size() == 1);
      for (String id : h.sessionDeployments) {
        OnContext.await(h.gv.vertx.undeploy(id));
      }
      assertTrue(h.counter("social.tasks", "kind", Shard.KIND_FLUSH, "outcome", "abandoned") >= 1,
          "the flush is reported abandoned, not dropped silently");
      assertTrue(h.counter("social.tasks", "kind", BrainClient.DECIDE, "outcome", "abandoned")
          >= 1);
    }
  }

  @Test
  void undeployWaitsForAFlushThatCanFinish() {
    try (SessionHarness h = new SessionHarness(dir, SessionHarness.fastConfig(), false,
        Duration.ofSeconds(10), Duration.ofSeconds(5))) {
      h.testBrain.delayMillis = 300;
      h.send(h.sim.privateMessage(51, "quick"));
      h.waitFor("the brain was asked", () -> h.testBrain.requests.size() == 1);
      for (String id : h.sessionDeployments) {
        OnContext.await(h.gv.vertx.undeploy(id));
      }
      assertEquals(1, h.replies("sent"), "drained: the reply went out before the shard stopped");
      assertEquals(0, h.counter("social.tasks", "kind", Shard.KIND_FLUSH, "outcome", "abandoned"));
      h.waitForRows("reply stored", ChatKey.privateChat(SELF, 51),
          rows -> h.count(rows, MessageStatus.SENT) == 1);
    }
  }
}
