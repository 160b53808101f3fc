package dev.perocore.social.session;

import dev.perocore.social.brain.BrainConfig;
import dev.perocore.social.onebot.OneBotConfig;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.TestConfig;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Reply overhead beyond the configured summon timer: N users each send one private message
 * (paced), the echo brain answers, the simulator acknowledges the send. {@code
 * social_reply_latency_seconds} runs from the flush (the timer firing) to the send's
 * acknowledgement, so it is exactly the overhead: context reads, brain round trip, send, over real
 * WebSockets and SQLite. A benchmark, not a test.
 *
 * <p>Run (after {@code mvn -B -q test-compile} and {@code mvn -B -q dependency:build-classpath
 * -Dmdep.outputFile=target/cp.txt}):
 * <pre>java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *   dev.perocore.social.session.ReplyLatencyBenchmark [messages] [per-second]</pre>
 */
public final class ReplyLatencyBenchmark {

  private ReplyLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    int perSecond = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    Path dir = Files.createTempDirectory("reply-latency");
    TestConfig keys = TestConfig.defaults()
        .with("session.idle_flush", "5m").with("session.max_buffer", 10)
        .with("session.summon_private", "50ms").with("session.summon_group", "50ms")
        .with("onebot.send_rate_per_group", "1000000/1s").with("onebot.send_rate_per_bot", "1000000/1s")
        .with("onebot.send_queue_max", 1_000_000).with("onebot.send_queue_timeout", "1m")
        .with("brain.kind", "echo").with("brain.timeout", "30s")
        // The machinery's latency, not the typing pauses a reply waits on purpose.
        .with("reply.typing_max", "0s");
    SessionConfig config = keys.session();
    OneBotConfig onebot = keys.onebot();
    BrainConfig echo = keys.brain();
    try (SessionHarness h = new SessionHarness(dir, config, echo, Duration.ofSeconds(30),
        Duration.ofSeconds(5), onebot)) {
      long start = System.nanoTime();
      int batch = Math.max(1, perSecond / 10);
      for (int sent = 0; sent < messages; sent += batch) {
        int base = sent;
        int n = Math.min(batch, messages - sent);
        OnContext.await(h.sim.blast(n,
            i -> h.sim.privateMessage(2_000_000L + base + i, "ping " + (base + i)).encode()));
        h.pause(100);
      }
      h.waitForOnTestThread("every reply acknowledged", () -> h.replies("sent") >= messages);
      double seconds = (System.nanoTime() - start) / 1e9;
      Timer latency = h.gv.registry.find("social.reply.latency").timer();
      System.out.printf("%d private messages answered in %.1f s (paced %d/s); summon timer 50 ms%n",
          messages, seconds, perSecond);
      System.out.printf("reply overhead beyond the timer (flush -> send acked): mean %.2f ms,"
          + " max %.2f ms%n", latency.mean(TimeUnit.MILLISECONDS), latency.max(TimeUnit.MILLISECONDS));
      // The timer publishes a histogram (Prometheus buckets): a percentile is the upper bound of
      // the bucket that reaches it.
      HistogramSnapshot snapshot = latency.takeSnapshot();
      for (double q : new double[] {0.5, 0.99}) {
        double bound = Double.NaN;
        for (CountAtBucket bucket : snapshot.histogramCounts()) {
          if (bucket.count() >= q * snapshot.count()) {
            bound = bucket.bucket(TimeUnit.MILLISECONDS);
            break;
          }
        }
        System.out.printf("  p%.0f <= %.2f ms (histogram bucket bound)%n", q * 100, bound);
      }
      for (String name : new String[] {"social.session.brain.wait", "social.store.read",
          "social.store.commit", "social.onebot.action"}) {
        for (Timer t : h.gv.registry.find(name).timers()) {
          System.out.printf("  %s %s: n=%d mean %.2f ms max %.2f ms%n", name,
              t.getId().getTags(), t.count(), t.mean(TimeUnit.MILLISECONDS),
              t.max(TimeUnit.MILLISECONDS));
        }
      }
      System.out.printf("failed %d, timeouts %d%n", (long) h.replies("failed"),
          (long) h.replies("timeout"));
    }
  }
}
