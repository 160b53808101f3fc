package dev.perocore.social.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.app.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks' command line ({@code bench service}, {@code bench burst}): positional numbers,
 * known flags, and {@code section.key=value} overlays that go through the real config loader, so
 * a bad override stops the benchmark with the key named, as a bad config file would.
 */
class BenchArgsTest {

  @Test
  void positionalFlagsAndOverlaysAreToldApart() {
    BenchArgs args = BenchArgs.parse(new String[] {"50000", "clients=process", "3",
        "session.shards=2", "store.queue_high_water=1000"}, "clients=process");
    assertEquals(List.of("50000", "3"), args.positional());
    assertTrue(args.has("clients=process"));
    assertEquals(Map.of("session.shards", "2", "store.queue_high_water", "1000"), args.tuning());
    assertEquals(50_000, args.intAt(0, 7));
    assertEquals(3, args.intAt(1, 7));
    assertEquals(7, args.intAt(2, 7), "absent: the default");
    assertEquals("none", args.at(2, "none"));
  }

  @Test
  void anOptionWithoutADotIsTheBenchmarksNotTheConfigs() {
    BenchArgs args = BenchArgs.parse(new String[] {"warmups=1", "session.shards=2"});
    assertEquals(1, args.option("warmups", 3));
    assertEquals(3, BenchArgs.parse(new String[0]).option("warmups", 3), "absent: the default");
    assertEquals(Map.of("session.shards", "2"), args.overlay());
  }

  @Test
  void withoutTheFlagItsTextIsAnOverlay() {
    BenchArgs args = BenchArgs.parse(new String[] {"clients=process"});
    assertFalse(args.has("clients=process"));
    assertEquals(Map.of("clients", "process"), args.tuning());
  }

  @Test
  void overlaysGoThroughTheConfigLoader() {
    BenchArgs good = BenchArgs.parse(new String[] {"session.shards=2"});
    assertEquals(2, AppConfig.defaultsWith(good.tuning()).session().shards());
    BenchArgs bad = BenchArgs.parse(new String[] {"session.shards=many"});
    ConfigException e = assertThrows(ConfigException.class,
        () -> AppConfig.defaultsWith(bad.tuning()));
    assertTrue(e.getMessage().contains("session.shards"), e.getMessage());
  }
}
