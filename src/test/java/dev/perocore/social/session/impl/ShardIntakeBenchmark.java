package dev.perocore.social.session.impl;

import dev.perocore.social.brain.BrainClient;
import dev.perocore.social.brain.BrainVerticle;
import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.onebot.InboundEvent;
import dev.perocore.social.onebot.OneBotActions;
import dev.perocore.social.onebot.event.DecodeResult;
import dev.perocore.social.onebot.event.EventDecoder;
import dev.perocore.social.session.OutboundMessages;
import dev.perocore.social.session.SessionConfig;
import dev.perocore.social.session.SessionDirectory;
import dev.perocore.social.store.AppendResult;
import dev.perocore.social.store.Store;
import dev.perocore.social.testing.TestConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The session shard's own cost per message, alone: {@code Shard.onEvent} for pre-decoded
 * NapCat-shaped messages (4 bots, 5,000 users, 1,000 groups, one in three private, as in {@code
 * bench burst}), each append completed by a store stand-in in batches of 200 on the shard's loop
 * (as group commit delivers them), through the buffer. No flush runs (max_buffer and idle_flush
 * out of reach): what is measured is intake, append task, hand-on and buffer, as for a brain that
 * answers; with {@code flush}, the shard runs as under brain {@code none}: on builds before
 * brain.kind none became store-only, every tenth message of a session flushed to it (passed,
 * marked consumed in the stand-in, which succeeds at once); since then a message stops after its
 * append. Reports the loop
 * thread's CPU time, wall time and bytes allocated per message (the last is steady on a loaded
 * machine). A benchmark, not a test.
 *
 * <p>It uses only {@code Shard}'s public face, so the same class runs on an older build: put that
 * build's jar before {@code target/classes} to compare.
 * <pre>java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *   dev.perocore.social.session.impl.ShardIntakeBenchmark [messages] [rounds] [flush]</pre>
 */
public final class ShardIntakeBenchmark {

  private static final int BATCH = 200;

  private ShardIntakeBenchmark() {}

  public static void main(String[] args) throws Exception {
    // [messages] [rounds] [flush]
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    // "flush": max_buffer 10 (the default) and brain.kind none: before none became store-only,
    // every tenth message of a session flushed, asked the brain, was passed and marked consumed.
    boolean flush = args.length > 2 && args[2].equals("flush");
    Vertx vertx = Vertx.vertx();
    try {
      Guard guard = Guard.install(vertx, new SimpleMeterRegistry(), TestConfig.guard(Map.of()));
      SessionConfig config = TestConfig.defaults().with("session.idle_flush", "1h")
          .with("session.max_buffer", flush ? 10 : 10_000).with("session.summon_private", "1h")
          .with("session.summon_group", "1h").with("memory.summarize_after", 0).session();
      if (flush) {
        vertx.deployVerticle(new BrainVerticle(guard, Duration.ofSeconds(5),
            TestConfig.brain(Map.of("brain.kind", "none")))).toCompletionStage()
            .toCompletableFuture().get();
      }
      Context context = vertx.getOrCreateContext();
      List<Promise<AppendResult>> pending = new ArrayList<>();
      Store store = stubStore(pending);
      TaskSet tasks = onContext(context, () -> guard.newTaskSet("bench"));
      Shard shard = onContext(context, () -> {
        OneBotActions actions = new OneBotActions(vertx.eventBus(), TestConfig.onebot(Map.of()));
        Shard s = new Shard(0, 1, vertx, tasks, config, store,
            new BrainClient(vertx, tasks, Duration.ofSeconds(30)),
            new OutboundMessages(actions, store, tasks, config.sendTimeout(),
                config.storeTimeout()), new SessionDirectory(), new SessionMetrics(guard.registry()),
            () -> !flush, StickerIndex.none(), null, actions, selfId -> true);
        s.start();
        return s;
      });
      // Measured on the loop's thread from outside: flights end in later turns of the loop.
      long loop = onContext(context, () -> Thread.currentThread().getId());
      com.sun.management.ThreadMXBean threads =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      EventDecoder decoder = new EventDecoder();
      for (int round = 1; round <= rounds; round++) {
        List<InboundEvent> events = events(decoder, messages, round);
        long cpu = threads.getThreadCpuTime(loop);
        long allocated = threads.getThreadAllocatedBytes(loop);
        long wall = System.nanoTime();
        onContext(context, () -> {
          for (int i = 0; i < events.size(); i++) {
            shard.onEvent(events.get(i));
            if (pending.size() == BATCH) {
              completeAll(pending);
            }
          }
          completeAll(pending);
          return null;
        });
        // With flushes: until the last flight has been answered and its messages consumed.
        while (onContext(context, tasks::size) > 0) {
          Thread.sleep(1);
        }
        double spentCpu = threads.getThreadCpuTime(loop) - cpu;
        double spentWall = System.nanoTime() - wall;
        double spentBytes = threads.getThreadAllocatedBytes(loop) - allocated;
        System.out.printf("round %2d: %5.0f ns CPU / %5.0f ns wall / %4.0f bytes allocated per"
            + " message (%d sessions)%n", round, spentCpu / messages, spentWall / messages,
            spentBytes / messages, shard.size());
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  private static void completeAll(List<Promise<AppendResult>> pending) {
    for (Promise<AppendResult> p : pending) {
      p.complete(AppendResult.STORED);
    }
    pending.clear();
  }

  /** Message appends wait for {@link #completeAll}; whatever else is asked succeeds empty. */
  private static Store stubStore(List<Promise<AppendResult>> pending) {
    return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(),
        new Class<?>[] {Store.class}, (proxy, method, args) -> {
          if (method.getName().equals("append") && args[0].getClass().getSimpleName()
              .equals("MessageRow")) {
            Promise<AppendResult> promise = Promise.promise();
            pending.add(promise);
            return promise.future();
          }
          if (method.getReturnType() == Future.class) {
            return Future.succeededFuture();
          }
          return method.getName().equals("toString") ? "stub store" : null;
        });
  }

  /** Decoded afresh each round: nothing a decoded event caches carries over. */
  private static List<InboundEvent> events(EventDecoder decoder, int n, int round) {
    List<InboundEvent> events = new ArrayList<>(n);
    long now = System.currentTimeMillis();
    for (int i = 0; i < n; i++) {
      long self = 10_001 + i % 4;
      long user = 200_000 + (i * 7L) % 5_000;
      boolean priv = i % 3 == 0;
      String text = "burst message " + round + "-" + i + " 你好";
      JsonObject frame = new JsonObject().put("time", now / 1000).put("self_id", self)
          .put("post_type", "message").put("message_type", priv ? "private" : "group")
          .put("sub_type", priv ? "friend" : "normal").put("message_id", round * 1_000_000 + i)
          .put("user_id", user).put("font", 14).put("raw_message", text)
          .put("message", new JsonArray().add(new JsonObject().put("type", "text")
              .put("data", new JsonObject().put("text", text))))
          .put("sender", new JsonObject().put("user_id", user).put("nickname", "u" + user));
      if (!priv) {
        frame.put("group_id", 700_000 + (i * 13L) % 1_000);
      }
      String text2 = frame.encode();
      DecodeResult.Decoded decoded = (DecodeResult.Decoded) decoder.decodeText(text2);
      events.add(new InboundEvent(self, "message", decoded.event(), "bench", now,
          Buffer.buffer(text2)));
    }
    return events;
  }

  private static <T> T onContext(Context context, java.util.concurrent.Callable<T> work)
      throws Exception {
    CompletableFuture<T> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        done.complete(work.call());
      } catch (Throwable e) {
        done.completeExceptionally(e);
      }
    });
    return done.get();
  }
}
