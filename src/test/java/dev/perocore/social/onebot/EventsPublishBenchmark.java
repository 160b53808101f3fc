package dev.perocore.social.onebot;

import dev.perocore.social.guard.LocalCodec;
import dev.perocore.social.onebot.event.DecodeResult;
import dev.perocore.social.onebot.event.EventDecoder;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What publishing on {@code social.events.*} costs (issue 17), on an event loop, per event: (1) the
 * gateway's publish to a session shard with the events publisher listening beside the session
 * (two local consumers) against the session alone — the only cost on the hot path; (2) the
 * publisher's own work (the JSON and the publish) with no subscriber and (3) with one local
 * subscriber, until it has received every event. A benchmark, not a test: {@code java -cp
 * target/classes:target/test-classes:<deps> dev.perocore.social.onebot.EventsPublishBenchmark [n]}.
 */
public final class EventsPublishBenchmark {

  private EventsPublishBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
    Vertx vertx = Vertx.vertx();
    try {
      InboundEvent event = event();
      EventBus bus = vertx.eventBus();
      bus.registerCodec(new LocalCodec<>(InboundEvent.class));
      DeliveryOptions local = new DeliveryOptions()
          .setCodecName(LocalCodec.nameOf(InboundEvent.class)).setLocalOnly(true);
      System.out.printf("EventsPublishBenchmark: %d events per phase, %d cores, Java %s%n", n,
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
      for (int round = 0; round < 3; round++) {
        String label = round == 0 ? " (warm-up)" : "";
        AtomicLong session = new AtomicLong();
        bus.<InboundEvent>localConsumer("bench.shard.a", m -> session.incrementAndGet());
        report("gateway publish, session only" + label, n, timed(vertx, n, session,
            () -> bus.publish("bench.shard.a", event, local)));
        AtomicLong both = new AtomicLong();
        bus.<InboundEvent>localConsumer("bench.shard.b", m -> both.incrementAndGet());
        bus.<InboundEvent>localConsumer("bench.shard.b", m -> { });
        report("gateway publish, session + events publisher" + label, n, timed(vertx, n, both,
            () -> bus.publish("bench.shard.b", event, local)));
        AtomicLong none = new AtomicLong();
        report("publisher: JSON + publish, no subscriber" + label, n, timed(vertx, n, null,
            () -> {
              bus.publish("social.events.message", EventsPublisher.json("message", event));
              none.incrementAndGet();
            }));
        AtomicLong heard = new AtomicLong();
        bus.consumer("bench.events.heard", m -> heard.incrementAndGet());
        report("publisher: JSON + publish, one local subscriber" + label, n, timed(vertx, n,
            heard, () -> bus.publish("bench.events.heard", EventsPublisher.json("message",
                event))));
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  private static InboundEvent event() throws Exception {
    try (InputStream in = EventsPublishBenchmark.class.getResourceAsStream(
        "/onebot-v11/message-group-reply-array.json")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      DecodeResult.Decoded decoded = (DecodeResult.Decoded) new EventDecoder().decodeText(text);
      return new InboundEvent(decoded.event().selfId(), "message", decoded.event(), "bench",
          System.currentTimeMillis(), Buffer.buffer(text));
    }
  }

  /** Nanoseconds for {@code n} calls on one event loop, until {@code received} counted them. */
  private static long timed(Vertx vertx, int n, AtomicLong received, Runnable call)
      throws Exception {
    Context loop = vertx.getOrCreateContext();
    CompletableFuture<Long> done = new CompletableFuture<>();
    loop.runOnContext(v -> {
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        call.run();
      }
      long sent = System.nanoTime();
      if (received == null) {
        done.complete(sent - start);
        return;
      }
      Promise<Void> all = Promise.promise();
      vertx.setPeriodic(1, id -> {
        if (received.get() >= n) {
          vertx.cancelTimer(id);
          all.complete();
        }
      });
      all.future().onComplete(ar -> done.complete(System.nanoTime() - start));
    });
    return done.get();
  }

  private static void report(String label, int n, long nanos) {
    System.out.printf("  %-58s %8.0f ns/event  %,10.0f events/s%n", label, (double) nanos / n,
        n * 1e9 / nanos);
  }
}
