package dev.perocore.social.sim;

import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.GuardConfig;
import dev.perocore.social.onebot.OneBotAddresses;
import dev.perocore.social.onebot.OneBotConfig;
import dev.perocore.social.onebot.OneBotGatewayVerticle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the gateway's parse-and-publish rate: simulators blast NapCat-shaped group messages
 * (half segment arrays, half CQ strings, unique ids) over reverse WebSockets as fast as the
 * sockets take them; the rate is events published on {@code social.inbound.message} and received
 * by a consumer, per second of wall time. One connection, then eight (eight bots). The gateway is
 * mounted on one HTTP server, as the service mounts it. A benchmark, not a test.
 *
 * <p>Usage: {@code java -cp target/social-adapter.jar dev.perocore.social.sim.GatewayBenchmark
 * [eventsPerPhase]} (default 200000).
 */
public final class GatewayBenchmark {

  private GatewayBenchmark() {}

  /** Runs with the shipped guard and onebot sections (the application loads them). */
  public static void run(String[] args, GuardConfig guardConfig, OneBotConfig config)
      throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    Vertx vertx = Vertx.vertx();
    try {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      Guard guard = Guard.install(vertx, registry, guardConfig);
      OneBotGatewayVerticle gateway = new OneBotGatewayVerticle(guard, Duration.ofSeconds(5), config);
      await(vertx.deployVerticle(gateway));
      AtomicLong received = new AtomicLong();
      await(vertx.eventBus().consumer(OneBotAddresses.INBOUND_PREFIX + "message",
          m -> received.incrementAndGet()).completion());
      Router router = Router.router(vertx);
      gateway.mount(router);
      HttpServer server = await(vertx.createHttpServer(OneBotGatewayVerticle.tune(
              new HttpServerOptions().setHost("127.0.0.1").setPort(0), config))
          .requestHandler(router).listen());
      int port = server.actualPort();
      System.out.printf("GatewayBenchmark: %d events per phase, %d cores, Java %s%n", events,
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

      run(vertx, port, 1, Math.min(events, 50_000), received, 1_000, "warm-up (not counted)");
      run(vertx, port, 1, events, received, 2_000, "1 connection");
      run(vertx, port, 8, events, received, 3_000, "8 connections");
      await(server.close());
    } finally {
      await(vertx.close());
    }
  }

  private static void run(Vertx vertx, int port, int connections, int events, AtomicLong received,
      long firstBot, String label) throws Exception {
    List<OneBotSimulator> sims = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      OneBotSimulator sim = new OneBotSimulator(vertx, firstBot + c).heartbeat(Duration.ZERO);
      await(sim.connectUniversal(port, OneBotGatewayVerticle.PATH_UNIVERSAL));
      sims.add(sim);
    }
    Thread.sleep(200); // let lifecycle events and registration settle
    long before = received.get();
    int each = events / connections;
    long target = before + (long) each * connections;
    long start = System.nanoTime();
    List<Future<Void>> blasts = new ArrayList<>();
    for (OneBotSimulator sim : sims) {
      blasts.add(sim.blast(each, i -> frame(sim.selfId(), i)));
    }
    long deadline = start + TimeUnit.SECONDS.toNanos(60);
    while (received.get() < target && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    long took = System.nanoTime() - start;
    long got = received.get() - before;
    await(Future.all(blasts));
    System.out.printf("  %-22s %,9d events in %6.2f s = %,10.0f events/s%s%n", label, got,
        took / 1e9, got / (took / 1e9), got < (long) each * connections ? " (INCOMPLETE)" : "");
    for (OneBotSimulator sim : sims) {
      await(sim.close());
    }
  }

  /** A NapCat-shaped group message with a unique id; odd ones as CQ strings. */
  static String frame(long selfId, int i) {
    long id = selfId * 10_000_000L + i;
    long user = 20_000 + i % 500;
    long group = 30_000 + i % 40;
    boolean array = (i & 1) == 0;
    String text = "benchmark message " + i + " with some text, [brackets] & entities";
    String cq = "[CQ:at,qq=" + selfId + "] " + text.replace("&", "&amp;").replace("[", "&#91;")
        .replace("]", "&#93;");
    String message = array
        ? "[{\"type\":\"at\",\"data\":{\"qq\":\"" + selfId + "\"}},{\"type\":\"text\",\"data\":{\"text\":\" "
            + text + "\"}}]"
        : "\"" + cq + "\"";
    return "{\"self_id\":" + selfId + ",\"user_id\":" + user + ",\"time\":1732435260,\"message_id\":" + id
        + ",\"message_seq\":" + id + ",\"real_id\":" + id + ",\"message_type\":\"group\",\"sender\":{\"user_id\":"
        + user + ",\"nickname\":\"user" + user + "\",\"card\":\"\",\"role\":\"member\"},\"raw_message\":\""
        + cq + "\",\"font\":14,\"sub_type\":\"normal\",\"message\":" + message + ",\"message_format\":\""
        + (array ? "array" : "string") + "\",\"post_type\":\"message\",\"group_id\":" + group + "}";
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(60, TimeUnit.SECONDS);
  }
}
