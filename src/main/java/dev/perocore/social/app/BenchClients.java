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
 * the service's CPU per message, its GC pauses and its loop lag are the service's alone, and one
 * process for every run, so its JIT is as warm in run 3 as the service's: {@code java -cp
 * social-adapter.jar dev.perocore.social.app.BenchClients BOTS FIRST_BOT}. Driven line by line on
 * standard input: {@code connect PORT} connects the bots ({@code connected}); {@code prepare N
 * OFFSET IDS} builds N burst messages (numbered from OFFSET, spread over the bots, with message
 * ids {@code napcat}-shaped or {@code counter}ed) before the clock starts ({@code prepared}), as
 * NapCat has its queued messages encoded before it writes them; {@code blast RATE} writes them as
 * fast as the sockets take them (RATE 0) or RATE a second in all ({@code sent CPU_NANOS});
 * {@code disconnect} closes the bots ({@code disconnected}); end of input ends the process.
 */
final class BenchClients {

  private BenchClients() {}

  public static void main(String[] args) throws Exception {
    int bots = Integer.parseInt(args[0]);
    long firstBot = Long.parseLong(args[1]);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(bots));
    List<OneBotSimulator> sims = new ArrayList<>();
    String[][] prepared = new String[bots][];
    try {
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
          StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null; ) {
        String[] words = line.trim().split(" ");
        switch (words[0]) {
          case "connect" -> {
            for (int b = 0; b < bots; b++) {
              OneBotSimulator sim = new OneBotSimulator(vertx, firstBot + b)
                  .heartbeat(Duration.ofSeconds(5));
              await(sim.connectUniversal(Integer.parseInt(words[1]),
                  OneBotGatewayVerticle.PATH_UNIVERSAL));
              sims.add(sim);
            }
            say("connected");
          }
          case "prepare" -> {
            String[][] frames = BurstFrames.prepare(Integer.parseInt(words[1]),
                Integer.parseInt(words[2]), bots, firstBot,
                words.length > 3 && words[3].equals("counter"));
            System.arraycopy(frames, 0, prepared, 0, bots);
            say("prepared");
          }
          case "blast" -> {
            long cpu = BurstBenchmark.processCpuNanos();
            int rate = words.length > 1 ? Integer.parseInt(words[1]) : 0;
            List<Future<Void>> blasts = new ArrayList<>();
            int frames = 0;
            for (int b = 0; b < bots; b++) {
              String[] mine = prepared[b];
              frames += mine.length;
              // The rate split evenly, the first bots taking what does not divide.
              int share = rate / bots + (b < rate % bots ? 1 : 0);
              blasts.add(rate > 0 ? PacedBlast.start(vertx, sims.get(b), mine, share)
                  : sims.get(b).blast(mine.length, i -> mine[i]));
            }
            // Paced, the burst takes frames / rate seconds by design; the margin is the service's.
            long limit = 300 + (rate > 0 ? frames / rate : 0);
            Future.all(blasts).await(limit, TimeUnit.SECONDS);
            say("sent " + (BurstBenchmark.processCpuNanos() - cpu));
          }
          case "disconnect" -> {
            closeAll(sims);
            say("disconnected");
          }
          default -> { }
        }
      }
    } finally {
      closeAll(sims);
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static void closeAll(List<OneBotSimulator> sims) throws Exception {
    for (OneBotSimulator sim : sims) {
      sim.close().await(10, TimeUnit.SECONDS);
    }
    sims.clear();
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
