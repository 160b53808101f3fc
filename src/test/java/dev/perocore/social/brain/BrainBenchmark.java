package dev.perocore.social.brain;

import dev.perocore.social.brain.FakeLlmServer.Answer;
import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.TestConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Brain round trips per second and their latency: a session-side {@link BrainClient} asking the
 * {@code echo} brain over the event bus (the framework's own cost), then the {@code llm} brain
 * against the loopback fake chat-completions server (prompt, HTTP, parsing, breaker). A
 * benchmark, not a test.
 *
 * <p>Run (after {@code mvn -B -q test-compile} and {@code mvn -B -q dependency:build-classpath
 * -Dmdep.outputFile=target/cp.txt}):
 * <pre>java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *   dev.perocore.social.brain.BrainBenchmark [requests] [concurrency]</pre>
 */
public final class BrainBenchmark {

  private BrainBenchmark() {}

  public static void main(String[] args) {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    Vertx vertx = Vertx.vertx();
    Guard guard = Guard.install(vertx, new SimpleMeterRegistry(), TestConfig.defaults().guard());
    try {
      FakeLlmServer llm = FakeLlmServer.start(vertx).always(Answer.text("benchmark reply"));
      BrainConfig echo = TestConfig.brain(Map.of("brain.kind", "echo"));
      BrainConfig loopbackLlm = TestConfig.defaults().with("brain.kind", "llm").with(Map.of(
          "brain.llm.base_url", llm.baseUrl(), "brain.llm.api_key", "k", "brain.llm.model", "m",
          "brain.llm.timeout", "10s", "brain.llm.temperature", 0.5, "brain.llm.max_tokens", 64,
          "brain.llm.max_retries", 0, "brain.llm.retry_delay", "10ms",
          "brain.llm.circuit_failures", 1000, "brain.llm.circuit_reset", "30s")).brain();
      System.out.printf(Locale.ROOT, "JDK %s, %d CPUs, concurrency %d%n",
          System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
          concurrency);
      run(vertx, guard, "echo", echo, requests, concurrency);
      run(vertx, guard, "llm (loopback fake)", loopbackLlm,
          Math.max(1000, requests / 10), Math.min(concurrency, 16));
    } finally {
      OnContext.await(vertx.close());
    }
  }

  private static void run(Vertx vertx, Guard guard, String label, BrainConfig config, int total,
      int concurrency) {
    String id = OnContext.await(vertx.deployVerticle(
        new BrainVerticle(guard, Duration.ofSeconds(5), config)));
    Context context = vertx.getOrCreateContext();
    TaskSet tasks = OnContext.call(context, () -> guard.newTaskSet("bench-" + label));
    BrainClient client = OnContext.call(context,
        () -> new BrainClient(vertx, tasks, Duration.ofSeconds(30)));
    BrainRequest request = Chats.request(BrainRequest.Mode.SUMMONED, "how are you?");
    // Warm-up: JIT the path before measuring.
    measure(context, client, request, Math.min(total, 20_000), concurrency);
    long[] latencies = new long[total];
    long t0 = System.nanoTime();
    int failures = OnContext.await(measureInto(context, client, request, latencies, concurrency));
    double seconds = (System.nanoTime() - t0) / 1e9;
    Arrays.sort(latencies);
    System.out.printf(Locale.ROOT,
        "%-20s %8d requests in %.2f s = %8.0f/s, round trip p50 %.3f ms p99 %.3f ms max %.3f ms,"
            + " failures %d%n", label, total, seconds, total / seconds,
        latencies[total / 2] / 1e6, latencies[(int) (total * 0.99)] / 1e6,
        latencies[total - 1] / 1e6, failures);
    OnContext.await(vertx.undeploy(id));
  }

  private static void measure(Context context, BrainClient client, BrainRequest request,
      int total, int concurrency) {
    OnContext.await(measureInto(context, client, request, new long[total], concurrency));
  }

  /** Keeps {@code concurrency} requests in flight until {@code latencies.length} are done. */
  private static io.vertx.core.Future<Integer> measureInto(Context context, BrainClient client,
      BrainRequest request, long[] latencies, int concurrency) {
    Promise<Integer> done = Promise.promise();
    AtomicInteger started = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    Runnable[] next = new Runnable[1];
    next[0] = () -> {
      int index = started.getAndIncrement();
      if (index >= latencies.length) {
        return;
      }
      long begin = System.nanoTime();
      client.decide(request).onComplete(ar -> {
        latencies[index] = System.nanoTime() - begin;
        if (ar.failed()) {
          failures.incrementAndGet();
        }
        if (finished.incrementAndGet() == latencies.length) {
          done.complete(failures.get());
        } else {
          next[0].run();
        }
      });
    };
    context.runOnContext(v -> {
      for (int i = 0; i < concurrency; i++) {
        next[0].run();
      }
    });
    return done.future();
  }
}
