package dev.perocore.social.app;

import dev.perocore.social.app.config.ConfigLoader;
import dev.perocore.social.guard.Guard;
import dev.perocore.social.onebot.OneBotGatewayVerticle;
import dev.perocore.social.session.SessionDirectory;
import dev.perocore.social.sim.OneBotSimulator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code demo}: the whole service with the echo brain and short summon timers, plus the built-in
 * NapCat simulator connected by reverse WebSocket to the service's own port, chatting gently
 * (private messages, group @-mentions, group chatter). A live line every two seconds shows
 * messages in, replies out, sessions, tasks in flight and the event-loop lag. Ctrl-C stops it
 * through the service's ordinary shutdown. This is a console program: it prints to stdout.
 */
final class DemoMode {

  /** The simulated bot account. */
  static final long BOT = 10_000;
  static final Duration VIEW_EVERY = Duration.ofSeconds(2);
  private static final Duration TALK_EVERY = Duration.ofMillis(600);
  private static final long FIRST_USER = 20_001;
  private static final long FIRST_GROUP = 30_001;

  private final Vertx vertx;
  private final Guard guard;
  private final MeterRegistry registry;
  private final SessionDirectory sessions;
  private final PrintStream out;
  /**
   * Writes the live view. The timers that compose it run on an event loop, and a console write can
   * block (a slow terminal, a full pipe), so the loop only formats the line and hands it here.
   */
  private final ExecutorService console = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "demo-console");
    thread.setDaemon(true);
    return thread;
  });
  private final OneBotSimulator sim;
  private final long startedNanos = System.nanoTime();
  private final AtomicLong sent = new AtomicLong();
  private long talkTimer = -1;
  private long viewTimer = -1;

  private DemoMode(Vertx vertx, Guard guard, MeterRegistry registry, SessionDirectory sessions,
      PrintStream out) {
    this.vertx = vertx;
    this.guard = guard;
    this.registry = registry;
    this.sessions = sessions;
    this.out = out;
    // Each run answers its sends with ids of its own (from the clock, in seconds x 1,000): a
    // demo run again on the same database must not have its replies taken for earlier ones.
    this.sim = new OneBotSimulator(vertx, BOT).heartbeat(Duration.ofSeconds(5)).population(6, 3)
        .sentMessageIdsFrom(System.currentTimeMillis() / 1000 % 2_000_000 * 1_000 + 1);
  }

  /**
   * The demo's changes to the loaded configuration: the echo brain, summon timers of a second or
   * two, typing pauses of at most half a second (a demo of a few seconds must show its replies),
   * pacing loose enough for the chatter, its own database file, and an admin token (the
   * configured one, else a fresh random one). Returns the admin token.
   */
  static String adjust(JsonObject merged) {
    Map<String, Object> demo = new LinkedHashMap<>();
    demo.put("brain.kind", "echo");
    demo.put("session.summon_private", "1500ms");
    demo.put("session.summon_group", "2s");
    demo.put("session.idle_flush", "6s");
    demo.put("reply.typing_max", "500ms");
    demo.put("onebot.send_rate_per_group", "30/10s");
    demo.put("onebot.send_rate_per_bot", "100/10s");
    if ("data/social.db".equals(merged.getJsonObject("store").getString("path"))) {
      demo.put("store.path", "data/demo.db");
    }
    String token = Optional.ofNullable(merged.getJsonObject("admin").getString("token"))
        .filter(t -> !t.isBlank()).orElseGet(DemoMode::randomToken);
    demo.put("admin.token", token);
    ConfigLoader.overlay(merged, demo);
    return token;
  }

  /** Connects the simulator to {@code port} and starts the chatter and the live view. */
  static Future<DemoMode> start(Vertx vertx, Guard guard, MeterRegistry registry,
      SessionDirectory sessions, int port, Optional<String> onebotToken, PrintStream out) {
    DemoMode demo = new DemoMode(vertx, guard, registry, sessions, out);
    onebotToken.ifPresent(t -> demo.sim.token(t, dev.perocore.social.sim.TokenStyle.BEARER));
    return demo.sim.connectUniversal(port, OneBotGatewayVerticle.PATH_UNIVERSAL).map(ws -> {
      demo.talkTimer = vertx.setPeriodic(TALK_EVERY.toMillis(), id -> demo.talk());
      demo.viewTimer = vertx.setPeriodic(VIEW_EVERY.toMillis(), id -> demo.view());
      return demo;
    });
  }

  /** Prints how to use what is running. */
  static void banner(PrintStream out, int port, int managementPort, String adminToken) {
    out.printf("%nsocial-adapter demo: echo brain, a simulated NapCat (bot %d) on ws://127.0.0.1:%d%s%n",
        BOT, port, OneBotGatewayVerticle.PATH_UNIVERSAL);
    out.printf("  admin API:  curl -H 'Authorization: Bearer %s' http://127.0.0.1:%d/api/v1/sessions%n",
        adminToken, port);
    out.printf("  metrics:    curl http://127.0.0.1:%d/metrics%n", managementPort);
    out.printf("  a real NapCat: reverse WS to ws://<this host>:%d%s with onebot.access_token%n",
        port, OneBotGatewayVerticle.PATH_UNIVERSAL);
    out.println("  Ctrl-C stops it.");
    out.println();
  }

  /** How many replies the simulated NapCat received (send_private_msg / send_group_msg). */
  long repliesReceived() {
    return sim.actionsReceived("send_private_msg").size()
        + sim.actionsReceived("send_group_msg").size();
  }

  long messagesSent() {
    return sent.get();
  }

  Future<Void> stop() {
    vertx.cancelTimer(talkTimer);
    vertx.cancelTimer(viewTimer);
    // A last line, so what was answered after the previous one is seen (a short run ends between).
    view();
    console.shutdown();
    return sim.close();
  }

  /** Messages the chatter started (on the talk timer's event loop only). */
  private int talks;

  private void talk() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long user = FIRST_USER + random.nextInt(6);
    long group = FIRST_GROUP + random.nextInt(3);
    // The first message is a private one: the demo's first answer comes a summon timer after start.
    int roll = talks++ == 0 ? 0 : random.nextInt(100);
    String[] lines = {"how is everyone?", "what's for lunch", "did you see the match",
        "good morning", "anyone around?", "this bot is quick"};
    String line = lines[random.nextInt(lines.length)];
    JsonObject event = roll < 30 ? sim.privateMessage(user, line)
        : roll < 45 ? sim.groupMention(group, user, line)
        : sim.groupMessage(group, user, line);
    sim.send(event).onSuccess(v -> sent.incrementAndGet())
        .onFailure(cause -> print("  (simulator could not send: " + cause.getMessage() + ")"));
  }

  private void view() {
    long seconds = Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds();
    double replied = sum("social.replies", "outcome", "sent");
    double passed = sum("social.replies", "outcome", "passed");
    double other = sum("social.replies", null, null) - replied - passed;
    print(String.format("[demo %02d:%02d] in %d msgs | replies %d sent, %d passed, %d other | sessions %d"
            + " | tasks %d in flight | loop lag max %.1f ms | blocked %d",
        seconds / 60, seconds % 60, (long) sum("social.onebot.events", "post_type", "message"),
        (long) replied, (long) passed, (long) other, sessions.size(),
        guard.tasksInFlight().size(), guard.loopGuard().takeMaxLag().toNanos() / 1e6,
        (long) sum("social.loop.blocked.events", null, null)));
  }

  private void print(String line) {
    console.execute(() -> out.println(line));
  }

  private double sum(String name, String tag, String value) {
    var search = registry.find(name);
    if (tag != null) {
      search = search.tag(tag, value);
    }
    return search.counters().stream().mapToDouble(Counter::count).sum();
  }

  private static String randomToken() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** {@code --for DURATION} among the demo's arguments: stop by itself after that long. */
  static Optional<Duration> runFor(List<String> arguments) {
    int at = arguments.indexOf("--for");
    if (at < 0) {
      return Optional.empty();
    }
    if (at + 1 >= arguments.size()) {
      throw new IllegalArgumentException("--for needs a duration, e.g. --for 30s");
    }
    try {
      return Optional.of(dev.perocore.social.app.config.ConfigView.parseDuration(
          arguments.get(at + 1)));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--for needs a duration such as 30s or 2m: "
          + arguments.get(at + 1));
    }
  }
}
