package dev.perocore.social.ops;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The fault table of issue 14, re-runnable: the real shaded jar as a separate process, the
 * NapCat-shaped simulator over loopback WebSockets, and the rows counted in the SQLite file after
 * each run. Scenarios: {@code sigterm} (SIGTERM while streaming 3,000 msg/s), {@code lock} (an
 * outside {@code BEGIN IMMEDIATE} held 10 s while streaming 60,000 at 3,000/s; once with the
 * default store.queue_max and once with 100,000), {@code disk} (the database on a 3 MiB tmpfs,
 * 15,000 messages, then the tmpfs grown; needs root), {@code flood} (200 connections each holding
 * 992 KiB of an unfinished message, Dockerfile heap flags). A benchmark, not a test: it prints
 * figures, it does not judge them.
 *
 * <p>Run (after {@code mvn -B -o -q package -DskipTests} and {@code mvn -B -o -q
 * dependency:build-classpath -Dmdep.outputFile=target/cp.txt}):
 * <pre>java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *   dev.perocore.social.ops.FaultRunBenchmark [sigterm,lock,disk,flood] [runs]</pre>
 */
public final class FaultRunBenchmark {

  private FaultRunBenchmark() {}

  public static void main(String[] args) throws Exception {
    Set<String> scenarios = Set.of((args.length > 0 ? args[0] : "sigterm,lock,disk,flood")
        .split(","));
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    System.out.println("load average at start: " + FaultRun.loadAverage());
    List<FaultRow> rows = new ArrayList<>();
    Vertx vertx = Vertx.vertx();
    try {
      for (int n = 1; n <= runs; n++) {
        if (scenarios.contains("sigterm")) {
          rows.add(report(SigtermUnderLoad.run(vertx, n, 3000)));
        }
        if (scenarios.contains("lock")) {
          rows.add(report(OutsideLock.run(vertx, n, 3000, 60_000, 10, null)));
          rows.add(report(OutsideLock.run(vertx, n, 3000, 60_000, 10, 100_000)));
        }
        if (scenarios.contains("disk")) {
          rows.add(report(FullDisk.run(vertx, n, 1000, 15_000, 3, 30, null)));
          rows.add(report(FullDisk.run(vertx, n, 1000, 15_000, 3, 30, 100_000)));
        }
        if (scenarios.contains("flood")) {
          rows.add(report(FragmentFlood.run(vertx, n, 200, 1000)));
        }
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    System.out.println();
    System.out.println("load average at end: " + FaultRun.loadAverage());
    System.out.println(FaultRow.header());
    rows.forEach(r -> System.out.println(r.markdown()));
  }

  private static FaultRow report(FaultRow row) {
    System.out.println(row.markdown() + "   [load " + FaultRun.loadAverage() + "]");
    return row;
  }
}
