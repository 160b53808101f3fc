package dev.perocore.social.cluster;

import static dev.perocore.social.testing.OnContext.await;
import static dev.perocore.social.testing.OnContext.call;
import static dev.perocore.social.testing.OnContext.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.brain.BotIdentity;
import dev.perocore.social.brain.BrainAddresses;
import dev.perocore.social.brain.BrainClient;
import dev.perocore.social.brain.BrainContext;
import dev.perocore.social.brain.BrainDecision;
import dev.perocore.social.brain.BrainRequest;
import dev.perocore.social.brain.BrainRoute;
import dev.perocore.social.brain.BrainVerticle;
import dev.perocore.social.brain.ChatLine;
import dev.perocore.social.guard.OperationTimeoutException;
import dev.perocore.social.guard.TaskOutcome;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.testing.Poll;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.Context;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Brain nodes over a real Hazelcast cluster on loopback (issue 17): a full node with {@code
 * brain.local: false} is answered by a brain node; the brain node's death mid-request costs that
 * request its named timeout; with no brain node a decision is a fast pass {@code no_brain_node};
 * a new brain node is used as soon as it joins. A full node's own brain stays its own.
 */
class ClusterBrainTest {

  private static final Duration BRAIN_TIMEOUT = Duration.ofSeconds(2);

  private static BrainRequest request(String text) {
    return new BrainRequest("10001:private:20002", BrainRequest.Mode.SUMMONED,
        List.of(new ChatLine("m1", 20002, "Alice", text, 1_700_000_000L, false)),
        BrainContext.empty(), new BotIdentity(10001, "Pero"));
  }

  private static String deployBrain(ClusterNode node, String kind) {
    return await(node.vertx.deployVerticle(new BrainVerticle(node.guard, Duration.ofSeconds(1),
        TestConfig.brain(Map.of("brain.kind", kind)))));
  }

  private static double replies(ClusterNode node) {
    return node.registry.find("social.brain.decisions").tags("decision", "reply").counters()
        .stream().mapToDouble(c -> c.count()).sum();
  }

  @Test
  void aBrainNodeAnswersItsDeathCostsANamedTimeoutAndANewOneIsUsedAtOnce() {
    List<Integer> ports = List.of(ClusterNode.freePort(), ClusterNode.freePort(),
        ClusterNode.freePort());
    try (ClusterNode full = ClusterNode.seed(ports.get(0), BrainRoute.CLUSTER)) {
      ClusterGauges gauges = ClusterGauges.install(full.vertx, full.manager, full.registry,
          full.config, BrainAddresses.DECIDE);
      Context session = full.vertx.getOrCreateContext();
      TaskSet tasks = call(session, () -> full.guard.newTaskSet("session"));
      BrainClient client = call(session, () -> new BrainClient(full.vertx, tasks, BRAIN_TIMEOUT));

      try (ClusterNode brain = ClusterNode.join(ports.get(1), ports.subList(0, 1), BrainRoute.CLUSTER)) {
        deployBrain(brain, "echo");
        await(Poll.untilTrue(full.vertx, "the brain node is seen", () -> gauges.brainNodes() == 1));
        assertEquals(2.0, full.registry.get("social.cluster.members").gauge().value());

        BrainDecision answer = await(call(session, () -> client.decide(request("hello"))));

        assertInstanceOf(BrainDecision.Reply.class, answer);
        assertEquals(1.0, replies(brain), "the brain node decided");
        assertEquals(0.0, replies(full), "not the full node");

        // The brain node takes the next request and dies before it answers.
        AtomicInteger received = new AtomicInteger();
        await(brain.vertx.undeploy(brain.vertx.deploymentIDs().iterator().next()));
        await(brain.vertx.eventBus().consumer(BrainAddresses.DECIDE,
            m -> received.incrementAndGet()).completion());
        var inFlight = call(session, () -> client.decide(request("are you there?")));
        await(Poll.untilTrue(brain.vertx, "the request reached the brain node",
            () -> received.get() == 1));
        brain.close();
        Throwable failed = failure(inFlight);
        assertInstanceOf(OperationTimeoutException.class, failed);
        assertEquals(1, full.guard.taskCount(BrainClient.DECIDE, TaskOutcome.TIMEOUT));
      }

      // No brain node: once the event bus has seen the node go (a request sent before that is
      // lost with it and ends in its named timeout), the session gets a pass at once.
      await(Poll.untilTrue(full.vertx, "no brain node is seen", () -> gauges.brainNodes() == 0));
      BrainDecision none = decideUntil(session, client, BrainDecision.Pass.class);
      assertEquals(new BrainDecision.Pass(BrainRoute.NO_BRAIN_NODE), none);
      double timeouts = full.guard.taskCount(BrainClient.DECIDE, TaskOutcome.TIMEOUT);
      assertEquals(none, await(call(session, () -> client.decide(request("anyone?")))));
      assertEquals(timeouts, full.guard.taskCount(BrainClient.DECIDE, TaskOutcome.TIMEOUT),
          "a pass, not a wait");

      try (ClusterNode next = ClusterNode.join(ports.get(2), ports.subList(0, 1), BrainRoute.CLUSTER)) {
        deployBrain(next, "echo");
        await(Poll.untilTrue(full.vertx, "the new brain node is seen",
            () -> gauges.brainNodes() == 1));
        decideUntil(session, client, BrainDecision.Reply.class);
        assertEquals(1.0, replies(next));
      }
    }
  }

  /** Asks until the answer is a {@code kind} (the bus learns of a node's coming or going late). */
  private static BrainDecision decideUntil(Context session, BrainClient client,
      Class<? extends BrainDecision> kind) {
    for (int attempt = 0; attempt < 20; attempt++) {
      var asked = call(session, () -> client.decide(request("anyone there?")));
      BrainDecision answer = await(asked.otherwiseEmpty()); // a lost request: its timeout
      if (kind.isInstance(answer)) {
        return answer;
      }
    }
    throw new AssertionError("never answered with a " + kind.getSimpleName());
  }

  @Test
  void aFullNodesOwnBrainAnswersOnlyItsOwnSessions() {
    List<Integer> ports = List.of(ClusterNode.freePort(), ClusterNode.freePort());
    try (ClusterNode a = ClusterNode.seed(ports.get(0), BrainRoute.LOCAL);
        ClusterNode b = ClusterNode.join(ports.get(1), ports.subList(0, 1), BrainRoute.LOCAL)) {
      deployBrain(a, "echo");
      deployBrain(b, "echo");
      Context session = a.vertx.getOrCreateContext();
      TaskSet tasks = call(session, () -> a.guard.newTaskSet("session"));
      BrainClient client = call(session, () -> new BrainClient(a.vertx, tasks, BRAIN_TIMEOUT));
      for (int i = 0; i < 4; i++) {
        int n = i;
        await(call(session, () -> client.decide(request("hi " + n))));
      }
      assertEquals(4.0, replies(a));
      assertEquals(0.0, replies(b), "node b's brain is local to node b");
    }
  }

  @Test
  void aClusterThatCannotStartFailsWithinTheDeadlineWithOneLine() throws Exception {
    // Hazelcast and Vert.x log the bind failure with its stack; this failure is on purpose.
    var hazelcast = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.hazelcast");
    var vertx = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
        "io.vertx.core.impl.VertxImpl");
    ch.qos.logback.classic.Level hazelcastLevel = hazelcast.getLevel();
    ch.qos.logback.classic.Level vertxLevel = vertx.getLevel();
    hazelcast.setLevel(ch.qos.logback.classic.Level.OFF);
    vertx.setLevel(ch.qos.logback.classic.Level.OFF);
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      ClusterConfig config = ClusterNode.config(port, List.of(port));
      ClusterJoinException failed = assertInstanceOf(ClusterJoinException.class,
          failure(new JoinDeadline(io.vertx.core.Vertx.builder()
              .withClusterManager(HazelcastSetup.manager(config)), config).buildClustered()));
      assertTrue(failed.getMessage().startsWith("cluster: could not join (tcp 127.0.0.1:" + port),
          failed.getMessage());
      assertTrue(!failed.getMessage().contains("\n"), "one line: " + failed.getMessage());
      assertEquals(0, failed.getStackTrace().length);
    } finally {
      hazelcast.setLevel(hazelcastLevel);
      vertx.setLevel(vertxLevel);
    }
  }

}
