package dev.perocore.social.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.app.config.ConfigException;
import dev.perocore.social.app.config.ConfigLoader;
import dev.perocore.social.app.config.ConfigView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

  private static AppConfig load(Map<String, String> env) {
    return AppConfig.from(ConfigLoader.load(Optional.empty(), env));
  }

  @Test
  void theEmbeddedDefaultsAreTheDocumentedOnes() {
    AppConfig config = load(Map.of());
    assertEquals("127.0.0.1", config.http().host());
    assertEquals(8080, config.http().port());
    assertEquals(8081, config.management().port());
    assertEquals(Duration.ofMillis(200), config.guard().blockedCheckInterval());
    assertEquals(Duration.ofSeconds(30), config.guard().stallAfter());
    assertEquals(Duration.ofSeconds(5), config.guard().livenessBlockLimit());
    assertEquals(Duration.ofSeconds(10), config.drainTimeout());
    assertTrue(config.adminToken().isEmpty());
    assertFalse(config.debugChaos());
  }

  @Test
  void theRepositoryFileIsTheEmbeddedDefault() throws IOException {
    Path repoFile = Path.of("conf", "application.yaml");
    String embedded;
    try (var in = getClass().getClassLoader().getResourceAsStream(ConfigLoader.DEFAULTS_RESOURCE)) {
      embedded = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(repoFile), embedded);
  }

  @Test
  void environmentVariablesOverlayByKeyPath() {
    assertEquals("SOCIAL_GUARD_STALL_AFTER", ConfigLoader.envName("guard.stall_after"));
    AppConfig config = load(Map.of(
        "SOCIAL_HTTP_PORT", "18080",
        "SOCIAL_GUARD_STALL_AFTER", "250ms",
        "SOCIAL_ADMIN_TOKEN", "t0ken",
        "SOCIAL_DEBUG_CHAOS", "true",
        "UNRELATED", "x"));
    assertEquals(18080, config.http().port());
    assertEquals(Duration.ofMillis(250), config.guard().stallAfter());
    assertEquals(Optional.of("t0ken"), config.adminToken());
    assertTrue(config.debugChaos());
  }

  @Test
  void aFileOverlaysTheDefaultsAndTheEnvironmentOverlaysTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("override.yaml");
    Files.writeString(file, "http:\n  port: 9000\nshutdown:\n  drain_timeout: 3s\n");
    AppConfig config = AppConfig.from(ConfigLoader.load(Optional.of(file),
        Map.of("SOCIAL_SHUTDOWN_DRAIN_TIMEOUT", "4s")));
    assertEquals(9000, config.http().port());
    assertEquals("127.0.0.1", config.http().host(), "untouched keys keep their defaults");
    assertEquals(Duration.ofSeconds(4), config.drainTimeout());
  }

  @Test
  void aBadValueNamesTheKeyTheValueAndWhatIsAllowedOnOneLine() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> load(Map.of("SOCIAL_GUARD_STALL_AFTER", "soon")));
    assertEquals("guard.stall_after", e.key());
    // Word for word the README's example.
    assertEquals("invalid config guard.stall_after = \"soon\": a duration such as 250ms, 2s, 5m,"
        + " 1h, 90d, from 10ms to 1h", e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
    assertEquals("invalid config onebot.reconnect_max = 1m: at least onebot.reconnect_min (2m)",
        assertThrows(ConfigException.class,
            () -> load(Map.of("SOCIAL_ONEBOT_RECONNECT_MIN", "2m"))).getMessage());
    assertEquals("store.path", assertThrows(ConfigException.class,
        () -> load(Map.of("SOCIAL_STORE_PATH", " "))).key(), "an empty path names no file");
    ConfigException typo = assertThrows(ConfigException.class, () -> load(Map.of(
        "SOCIAL_ONEBOT_FORWARD",
        "[{\"url\": \"ws://127.0.0.1:3001\", \"tokne\": \"s3cret-token\"}]")));
    assertEquals("onebot.forward", typo.key());
    assertTrue(typo.getMessage().contains("unknown key tokne"), typo.getMessage());
    assertFalse(typo.getMessage().contains("s3cret-token"), "the misspelled key's secret");

    assertEquals("http.port", assertThrows(ConfigException.class,
        () -> load(Map.of("SOCIAL_HTTP_PORT", "70000"))).key());
    assertEquals("debug.chaos", assertThrows(ConfigException.class,
        () -> load(Map.of("SOCIAL_DEBUG_CHAOS", "perhaps"))).key());
    assertEquals("vertx.native_transport", assertThrows(ConfigException.class,
        () -> load(Map.of("SOCIAL_VERTX_NATIVE_TRANSPORT", "epoll"))).key());
    assertEquals("log.level", assertThrows(ConfigException.class,
        () -> load(Map.of("SOCIAL_LOG_LEVEL", "LOUD"))).key());
    assertEquals("management.port", assertThrows(ConfigException.class,
        () -> load(Map.of("SOCIAL_MANAGEMENT_PORT", "8080"))).key());
    assertEquals("store.writer_cache_size", assertThrows(ConfigException.class,
        () -> load(Map.of("SOCIAL_STORE_WRITER_CACHE_SIZE", "64KiB"))).key(), "below 1 MiB");
  }

  @Test
  void anUnknownKeyInAFileIsRefusedNotIgnored(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("typo.yaml");
    Files.writeString(file, "http:\n  prot: 9000\n");
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(Optional.of(file), Map.of()));
    assertEquals("http.prot", e.key());

    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "http: [unclosed\n");
    assertEquals("--config", assertThrows(ConfigException.class,
        () -> ConfigLoader.load(Optional.of(broken), Map.of())).key());
    assertEquals("--config", assertThrows(ConfigException.class,
        () -> ConfigLoader.load(Optional.of(dir.resolve("missing.yaml")), Map.of())).key());
  }

  @Test
  void everyKeyOfTheDefaultsIsReadAndSoValidated() {
    ConfigView view = new ConfigView(ConfigLoader.load(Optional.empty(), Map.of()));
    AppConfig.from(view);
    Set<String> unread = new HashSet<>(ConfigLoader.leafKeys(ConfigLoader.defaults()));
    unread.removeAll(view.keysRead());
    assertEquals(Set.of(), unread, "keys in conf/application.yaml that AppConfig never validates");
  }

  @Test
  void durationsAndSizesAcceptTheirDocumentedForms() {
    assertEquals(Duration.ofMillis(250), ConfigView.parseDuration("250ms"));
    assertEquals(Duration.ofSeconds(2), ConfigView.parseDuration("2s"));
    assertEquals(Duration.ofMinutes(5), ConfigView.parseDuration("5m"));
    assertEquals(Duration.ofDays(90), ConfigView.parseDuration("90d"));
    for (String bad : List.of("", "5", "2 sec", "-1s", "1.5s", "ms")) {
      assertEquals(null, ConfigView.parseDuration(bad), bad);
    }
    ConfigView sizes = new ConfigView(new io.vertx.core.json.JsonObject()
        .put("a", "1MiB").put("b", 4096).put("c", "64 MiB").put("d", "lots"));
    assertEquals(1 << 20, sizes.bytes("a", 0, Long.MAX_VALUE));
    assertEquals(4096, sizes.bytes("b", 0, Long.MAX_VALUE));
    assertEquals(64L << 20, sizes.bytes("c", 0, Long.MAX_VALUE));
    assertThrows(ConfigException.class, () -> sizes.bytes("d", 0, Long.MAX_VALUE));
  }

  @Test
  void anOverlayOfDottedKeysFollowsTheRulesOfAConfigFile() {
    AppConfig config = AppConfig.defaultsWith(Map.of("store.busy_timeout", Duration.ofMillis(50),
        "store.path", Path.of("x", "y.db"), "session.summon_keywords", List.of("pero"),
        "session.bots", Map.of("10001", Map.of("name", "Pero")), "http.port", 0));
    assertEquals(Duration.ofMillis(50), config.store().busyTimeout());
    assertEquals(Path.of("x", "y.db").toString(), config.store().path());
    assertEquals(List.of("pero"), config.session().summonKeywords());
    assertEquals("Pero", config.session().bot(10001).name());
    assertEquals(0, config.http().port());
    assertEquals(load(Map.of()), AppConfig.defaultsWith(Map.of()), "nothing overlaid: the defaults");
    // A misspelt key sets nothing: it is refused, as in a --config file.
    assertEquals("store.busy_timeuot", assertThrows(ConfigException.class,
        () -> AppConfig.defaultsWith(Map.of("store.busy_timeuot", "50ms"))).key());
    assertEquals("nowhere", assertThrows(ConfigException.class,
        () -> AppConfig.defaultsWith(Map.of("nowhere.at_all", 1))).key());
    assertEquals("store", assertThrows(ConfigException.class,
        () -> AppConfig.defaultsWith(Map.of("store", "data/x.db"))).key());
    // Values are validated as at start-up.
    assertEquals("store.readers", assertThrows(ConfigException.class,
        () -> AppConfig.defaultsWith(Map.of("store.readers", 0))).key());
    assertThrows(IllegalArgumentException.class,
        () -> AppConfig.defaultsWith(Map.of("store.busy_timeout", Duration.ofNanos(1500))));
  }

  @Test
  void theCommandLineTakesACommandAndAConfigFile() {
    Cli cli = Cli.parse(new String[] {"bench", "store", "--config", "x.yaml"});
    assertEquals("bench", cli.command());
    assertEquals(List.of("store"), cli.arguments());
    assertEquals(Optional.of(Path.of("x.yaml")), cli.configFile());
    assertEquals("run", Cli.parse(new String[0]).command());
    assertThrows(IllegalArgumentException.class, () -> Cli.parse(new String[] {"--bogus"}));
    assertThrows(IllegalArgumentException.class, () -> Cli.parse(new String[] {"explode"}));
  }

  @Test
  void theReplyKeysAndSecretaryMaySpeakHaveTheirDefaultsAndABadValueNamesItsKey() {
    AppConfig defaults = AppConfig.defaultsWith(Map.of());
    assertEquals(new dev.perocore.social.session.ReplyConfig(true, 4, 8, Duration.ofSeconds(4),
        dev.perocore.social.session.ReplyConfig.Quote.AUTO), defaults.session().reply());
    assertTrue(defaults.brain().secretaryMaySpeak());
    assertEquals(dev.perocore.social.session.ReplyConfig.Quote.NEVER,
        load(Map.of("SOCIAL_REPLY_QUOTE", "never")).session().reply().quote());
    for (Map.Entry<String, String> bad : Map.of(
        "reply.split", "sometimes", "reply.max_parts", "0", "reply.typing_cps", "0",
        "reply.typing_max", "2h", "reply.quote", "maybe",
        "brain.secretary_may_speak", "perhaps").entrySet()) {
      String env = "SOCIAL_" + bad.getKey().toUpperCase(java.util.Locale.ROOT).replace('.', '_');
      ConfigException e = assertThrows(ConfigException.class,
          () -> load(Map.of(env, bad.getValue())), bad.getKey());
      assertEquals(bad.getKey(), e.key());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
  }
}
