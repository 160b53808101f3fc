package dev.perocore.social.session;

import dev.perocore.social.testing.OnContext;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Heap held by idle sessions: N users each send one private message through the simulator, the
 * gateway, the store and the session shards; a test brain passes; once every flush has ended the
 * sessions sit idle in memory (nothing buffered) until evicted. Reports heap used after a GC
 * before and after. A benchmark, not a test.
 *
 * <p>Run (after {@code mvn -B -q test-compile} and {@code mvn -B -q dependency:build-classpath
 * -Dmdep.outputFile=target/cp.txt}):
 * <pre>java -Xmx256m -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *   dev.perocore.social.session.SessionMemoryBenchmark [sessions]</pre>
 */
public final class SessionMemoryBenchmark {

  private SessionMemoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path dir = Files.createTempDirectory("session-memory");
    SessionConfig config = SessionConfig.defaults()
        .withTimers(Duration.ofMinutes(5), 10, Duration.ofMillis(20), Duration.ofMillis(20))
        .withContext(new SessionConfig.Context(10, 0, 10, 0, Duration.ofSeconds(2),
            Duration.ofSeconds(10)))
        .withEvictAfter(Duration.ofHours(1));
    try (SessionHarness h = SessionHarness.withTestBrain(dir, config, Duration.ofSeconds(60))) {
      h.testBrain.behaviour = TestBrain.Behaviour.PASS;
      long before = usedAfterGc();
      long start = System.nanoTime();
      OnContext.await(h.sim.blast(sessions,
          i -> h.sim.privateMessage(1_000_000L + i, "hello " + i).encode()));
      h.waitForOnTestThread("every flush ended", () -> h.replies("passed") >= sessions);
      h.testBrain.requests.clear(); // the test brain's own record is not session memory
      double seconds = (System.nanoTime() - start) / 1e9;
      long after = usedAfterGc();
      System.out.printf("sessions in memory: %d (directory %d)%n", h.shards.activeSessions(),
          h.shards.directory().size());
      System.out.printf("%d messages stored, flushed and passed in %.1f s (%.0f/s)%n", sessions,
          seconds, sessions / seconds);
      System.out.printf("heap used after GC: before %.1f MB, after %.1f MB, per session %.0f B%n",
          before / 1e6, after / 1e6, (after - before) / (double) sessions);
    }
  }

  private static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
