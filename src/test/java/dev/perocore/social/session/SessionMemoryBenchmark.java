package dev.perocore.social.session;

import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.TestConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.management.ObjectName;

/**
 * Heap held by idle sessions: N groups each get one message through the simulator, the gateway,
 * the store and the session shards (group mode {@code observe}: stored, nothing buffered), so N
 * idle sessions sit in memory until evicted. Sent in chunks that the store can take (its queue is
 * bounded). Reports heap used after a GC before and after, and the classes that grew most (a
 * class histogram, as {@code jcmd PID GC.class_histogram} prints it, before and after). With
 * {@code none} the brain is {@code brain.kind: none}, as {@code bench burst} runs: every message
 * is only stored. A benchmark, not a test.
 *
 * <p>Run (after {@code mvn -B -q test-compile} and {@code mvn -B -q dependency:build-classpath
 * -Dmdep.outputFile=target/cp.txt}):
 * <pre>java -Xmx256m -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *   dev.perocore.social.session.SessionMemoryBenchmark [sessions] [none]</pre>
 */
public final class SessionMemoryBenchmark {

  private SessionMemoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    boolean none = args.length > 1 && args[1].equals("none");
    Path dir = Files.createTempDirectory("session-memory");
    SessionConfig config = TestConfig.defaults()
        .with("session.idle_flush", "5m").with("session.max_buffer", 10)
        .with("session.summon_private", "20ms").with("session.summon_group", "20ms")
        .with("context.history", 10).with("context.related_users", 0)
        .with("context.related_window", 10).with("context.related_messages", 0)
        .with("context.related_timeout", "2s").with("context.read_timeout", "10s")
        .with("session.evict_after", "1h")
        .with("session.group_mode", "observe")
        .with("memory.summarize_after", 0)
        .session();
    try (SessionHarness h = none ? BrainNoneStoreOnlyTest.none(dir, config)
        : SessionHarness.withTestBrain(dir, config, Duration.ofSeconds(60))) {
      if (!none) {
        h.testBrain.behaviour = TestBrain.Behaviour.PASS;
      }
      long before = usedAfterGc();
      Map<String, long[]> histogramBefore = histogram();
      long start = System.nanoTime();
      int chunk = 5_000;
      for (int sent = 0; sent < sessions; sent += chunk) {
        int base = sent;
        int n = Math.min(chunk, sessions - sent);
        OnContext.await(h.sim.blast(n,
            i -> h.sim.groupMessage(1_000_000L + base + i, 5, "hello " + i).encode()));
        h.waitForOnTestThread("chunk stored",
            () -> h.sqlCount("SELECT count(*) FROM messages") >= base + n);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long after = usedAfterGc();
      Map<String, long[]> histogramAfter = histogram();
      System.out.printf("sessions in memory: %d (directory %d)%n", h.shards.activeSessions(),
          h.shards.directory().size());
      System.out.printf("%d messages stored in %.1f s (%.0f/s)%n", sessions,
          seconds, sessions / seconds);
      System.out.printf("heap used after GC: before %.1f MB, after %.1f MB, per session %.0f B%n",
          before / 1e6, after / 1e6, (after - before) / (double) sessions);
      System.out.println("grew most (bytes, instances, bytes per session, class):");
      histogramAfter.entrySet().stream()
          .map(e -> Map.entry(e.getKey(), new long[] {
              e.getValue()[0] - histogramBefore.getOrDefault(e.getKey(), new long[2])[0],
              e.getValue()[1] - histogramBefore.getOrDefault(e.getKey(), new long[2])[1]}))
          .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
          .limit(16)
          .forEach(e -> System.out.printf("  %,11d %,8d %6.1f  %s%n", e.getValue()[1],
              e.getValue()[0], e.getValue()[1] / (double) sessions, e.getKey()));
    }
  }

  /** Instances and bytes by class, of live objects (the diagnostic command collects first). */
  private static Map<String, long[]> histogram() throws Exception {
    String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
        new Object[] {new String[0]}, new String[] {String[].class.getName()});
    Map<String, long[]> classes = new HashMap<>();
    for (String line : text.split("\n")) {
      String[] cols = line.trim().split("\\s+");
      if (cols.length >= 4 && cols[0].endsWith(":")) {
        classes.put(cols[3], new long[] {Long.parseLong(cols[1]), Long.parseLong(cols[2])});
      }
    }
    return classes;
  }

  private static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
