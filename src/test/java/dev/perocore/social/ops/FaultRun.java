package dev.perocore.social.ops;

import dev.perocore.social.onebot.OneBotGatewayVerticle;
import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.testing.JarProcess;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What every fault run needs: the jar, a streaming bot, the rows stored, metrics, log lines. */
final class FaultRun {

  static final long SELF_ID = 10001;
  private static final Pattern RECEIVED =
      Pattern.compile("(\\d+) message event\\(s\\) received in all");

  private FaultRun() {}

  /** A Universal bot of 200 users in 20 groups, connected to the jar's service port. */
  static OneBotSimulator connectBot(Vertx vertx, JarProcess service, long selfId) throws Exception {
    OneBotSimulator bot = new OneBotSimulator(vertx, selfId).population(200, 20);
    bot.connectUniversal(service.httpPort, OneBotGatewayVerticle.PATH_UNIVERSAL)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return bot;
  }

  /** Waits (polling) until the simulator has sent {@code n} events or the deadline passed. */
  static void awaitSent(OneBotSimulator bot, long n, Duration deadline) throws InterruptedException {
    long giveUp = System.nanoTime() + deadline.toNanos();
    while (bot.eventsSent() < n && System.nanoTime() < giveUp) {
      Thread.sleep(20);
    }
  }

  /** Rows with status 'received' (messages the bot received) in the SQLite file. */
  static long storedRows(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM messages WHERE status = 'received'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** What the gateway said, at shutdown, it received over its life (-1 if it did not say). */
  static long receivedInAll(String log) {
    Matcher m = RECEIVED.matcher(log);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  static long lines(String log, String regex) {
    Pattern p = Pattern.compile(regex);
    return log.lines().filter(l -> p.matcher(l).find()).count();
  }

  /**
   * Sum of the samples of a metric family in the Prometheus text whose label set contains {@code
   * labels} (empty = all); NaN if none.
   */
  static double metric(JarProcess service, String name, String labels)
      throws IOException, InterruptedException {
    String body = service.get(service.managementPort, "/metrics").body();
    double sum = Double.NaN;
    for (String line : body.split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        if (line.contains(labels)) {
          double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
          sum = Double.isNaN(sum) ? v : sum + v;
        }
      }
    }
    return sum;
  }

  /** {@code /health/ready}: "UP", or "DOWN <start of the body>", or "no answer". */
  static String readiness(JarProcess service) {
    try {
      HttpResponse<String> r = service.get(service.managementPort, "/health/ready");
      if (r.statusCode() == 200) {
        return "UP";
      }
      String body = r.body().replaceAll("\\s+", " ");
      return "DOWN " + body.substring(0, Math.min(body.length(), 2000));
    } catch (IOException | InterruptedException e) {
      return "no answer (" + e.getClass().getSimpleName() + ")";
    }
  }

  static String loadAverage() {
    try {
      return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
