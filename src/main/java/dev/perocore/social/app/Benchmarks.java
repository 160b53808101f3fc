package dev.perocore.social.app;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.sim.GatewayBenchmark;
import dev.perocore.social.store.StoreBenchmark;
import java.util.List;
import java.util.Map;

/**
 * {@code bench <what> [args]}: the benchmarks, each printing its own report. They run in this
 * process on loopback only and stop by themselves.
 */
final class Benchmarks {

  static final String WHAT = "service (the default: whole service + simulator, 1k and 100k sessions),"
      + " store (raw sqlite-jdbc vs Store.append), gateway (parse-and-publish),"
      + " burst (4 bots, 50k messages as fast as the sockets take them)";

  private Benchmarks() {}

  static void run(List<String> arguments) {
    String what = arguments.isEmpty() ? "" : arguments.get(0);
    String[] rest = arguments.size() > 1
        ? arguments.subList(1, arguments.size()).toArray(String[]::new)
        : new String[0];
    try {
      switch (what) {
        case "", "service" -> ServiceBenchmark.main(rest);
        case "burst" -> BurstBenchmark.main(rest);
        case "store" -> StoreBenchmark.run(rest, keys -> AppConfig.defaultsWith(keys).store(),
            AppConfig.defaultsWith(Map.of()).guard());
        case "gateway" -> {
          AppConfig defaults = AppConfig.defaultsWith(Map.of());
          GatewayBenchmark.run(rest, defaults.guard(), defaults.onebot());
        }
        default -> {
          System.err.println("bench needs one of: " + WHAT);
          System.exit(SocialApplication.EXIT_CONFIG);
        }
      }
    } catch (Exception e) {
      System.err.println("benchmark failed: " + e);
      System.exit(1);
    }
  }
}
