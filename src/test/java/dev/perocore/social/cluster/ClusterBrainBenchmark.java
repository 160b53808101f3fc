package dev.perocore.social.cluster;

import static dev.perocore.social.testing.OnContext.await;
import static dev.perocore.social.testing.OnContext.call;

import dev.perocore.social.brain.BotIdentity;
import dev.perocore.social.brain.BrainClient;
import dev.perocore.social.brain.BrainContext;
import dev.perocore.social.brain.BrainRequest;
import dev.perocore.social.brain.BrainRoute;
import dev.perocore.social.brain.BrainVerticle;
import dev.perocore.social.brain.ChatLine;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Brain round trip on one node (the echo brain in the same JVM, by reference) against the same
 * request to a brain node over a loopback Hazelcast cluster (JSON on the wire): p50/p99. A
 * benchmark, not a test. Run like BrainBenchmark: {@code java -cp ... ClusterBrainBenchmark [n]}.
 */
public final class ClusterBrainBenchmark {

  private ClusterBrainBenchmark() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int seedPort = ClusterNode.freePort();
    try (ClusterNode local = ClusterNode.seed(seedPort, BrainRoute.LOCAL);
        ClusterNode full = ClusterNode.join(ClusterNode.freePort(), List.of(seedPort),
            BrainRoute.CLUSTER);
        ClusterNode brain = ClusterNode.join(ClusterNode.freePort(), List.of(seedPort),
            BrainRoute.CLUSTER)) {
      System.out.printf("join: seed %d ms, full node %d ms, brain node %d ms%n", local.joinMillis,
          full.joinMillis, brain.joinMillis);
      deploy(local);
      deploy(brain);
      report("local (same JVM)", run(local, n));
      report("cluster (brain node)", run(full, n));
    }
    System.exit(0);
  }

  private static void deploy(ClusterNode node) {
    await(node.vertx.deployVerticle(new BrainVerticle(node.guard, Duration.ofSeconds(1),
        TestConfig.brain(Map.of("brain.kind", "echo")))));
  }

  private static long[] run(ClusterNode node, int n) {
    Context session = node.vertx.getOrCreateContext();
    TaskSet tasks = call(session, () -> node.guard.newTaskSet("bench"));
    BrainClient client = call(session,
        () -> new BrainClient(node.vertx, tasks, Duration.ofSeconds(10)));
    BrainRequest request = new BrainRequest("10001:private:20002", BrainRequest.Mode.SUMMONED,
        List.of(new ChatLine("m1", 20002, "Alice", "你好, how are you?", 1_700_000_000L, false)),
        BrainContext.empty(), new BotIdentity(10001, "Pero"));
    for (int i = 0; i < 200; i++) {
      await(call(session, () -> client.decide(request)));
    }
    long[] nanos = new long[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      await(call(session, () -> client.decide(request)));
      nanos[i] = System.nanoTime() - start;
    }
    return nanos;
  }

  private static void report(String what, long[] nanos) {
    Arrays.sort(nanos);
    System.out.printf("%-22s n=%d p50 %.3f ms p99 %.3f ms max %.3f ms%n", what, nanos.length,
        nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.99)] / 1e6,
        nanos[nanos.length - 1] / 1e6);
  }
}
