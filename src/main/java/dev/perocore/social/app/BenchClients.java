package dev.perocore.social.app;

import static dev.perocore.social.app.BenchWaits.await;

import dev.perocore.social.onebot.OneBotGatewayVerticle;
import dev.perocore.social.sim.OneBotSimulator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The burst's bots in a process of their own ({@code bench burst ... clients=process}), so that
 * the service's CPU per message, its GC pauses and its loop lag are the service's alone: {@code
 * java -cp social-adapter.jar dev.perocore.social.app.BenchClients PORT BOTS FIRST_BOT}. Connects
 * the bots and says {@code connected}; then each line {@code blast N OFFSET} on standard input
 * sends N burst messages (numbered from OFFSET, spread over the bots) as fast as the sockets take
 * them and answers {@code sent CPU_NANOS}; end of input closes everything.
 */
final class BenchClients {

  private BenchClients() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int bots = Integer.parseInt(args[1]);
    long firstBot = Long.parseLong(args[2]);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(bots));
    List<OneBotSimulator> sims = new ArrayList<>();
    try {
      for (int b = 0; b < bots; b++) {
        OneBotSimulator sim = new OneBotSimulator(vertx, firstBot + b)
            .heartbeat(Duration.ofSeconds(5));
        await(sim.connectUniversal(port, OneBotGatewayVerticle.PATH_UNIVERSAL));
        sims.add(sim);
      }
      System.out.println("connected");
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
          StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null; ) {
        String[] words = line.trim().split(" ");
        if (words.length != 3 || !words[0].equals("blast")) {
          continue;
        }
        int messages = Integer.parseInt(words[1]);
        int offset = Integer.parseInt(words[2]);
        long cpu = BurstBenchmark.processCpuNanos();
        List<Future<Void>> blasts = new ArrayList<>();
        int each = messages / bots;
        for (int b = 0; b < bots; b++) {
          long bot = firstBot + b;
          int from = offset + b * each;
          int count = b == bots - 1 ? messages - b * each : each;
          blasts.add(sims.get(b).blast(count, i -> BurstBenchmark.frame(bot, from + i)));
        }
        Future.all(blasts).await(5, TimeUnit.MINUTES);
        System.out.println("sent " + (BurstBenchmark.processCpuNanos() - cpu));
        System.out.flush();
      }
    } finally {
      for (OneBotSimulator sim : sims) {
        sim.close().await(10, TimeUnit.SECONDS);
      }
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }
}
