package dev.perocore.social.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.app.config.ConfigException;
import dev.perocore.social.app.config.ConfigLoader;
import io.vertx.core.json.JsonObject;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What an operator reads: the start-up line, start-up failures, env typos, the version, JSON logs. */
class OperatorFacingTest {

  private static final String SECRET = "sk-very-secret-key-4711";

  @Test
  void theStartupLineNamesVersionPortsStoreAndTheLlmUrlAndModelButNeverTheKey() {
    AppConfig config = AppConfig.defaultsWith(Map.of(
        "brain.llm.base_url", "https://user:pw@llm.example.com:8443/v1?key=" + SECRET,
        "brain.llm.model", "qwen-plus",
        "brain.llm.api_key", SECRET));
    String line = StartupLine.of(config);
    assertTrue(line.startsWith("social-adapter " + Version.current() + " starting"), line);
    assertTrue(line.contains("service 127.0.0.1:8080"), line);
    assertTrue(line.contains("store data/social.db"), line);
    assertTrue(line.contains("brain llm https://llm.example.com:8443/v1 model qwen-plus"), line);
    assertFalse(line.contains(SECRET), line);
    assertFalse(line.contains("pw@"), "user info may be a credential: " + line);
    assertTrue(StartupLine.of(AppConfig.defaultsWith(Map.of())).contains("brain none (auto"));
  }

  @Test
  void versionIsACommand() {
    assertEquals("version", Cli.parse(new String[] {"version"}).command());
    assertTrue(Version.describe().startsWith("social-adapter "), Version.describe());
  }

  @Test
  void anUnknownSocialVariableIsAnErrorNamingTheNearestKeyAndNotTheValue() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.empty(),
        Map.of("SOCIAL_LLM_API_KEY", SECRET, "PATH", "/usr/bin")));
    assertEquals("SOCIAL_LLM_API_KEY", e.key());
    assertTrue(e.getMessage().contains("did you mean SOCIAL_BRAIN_LLM_API_KEY (brain.llm.api_key)"),
        e.getMessage());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    ConfigException typo = assertThrows(ConfigException.class, () -> ConfigLoader.load(
        Optional.empty(), Map.of("SOCIAL_HTTP_PROT", "9000")));
    assertTrue(typo.getMessage().contains("SOCIAL_HTTP_PORT"), typo.getMessage());
    ConfigException far = assertThrows(ConfigException.class, () -> ConfigLoader.load(
        Optional.empty(), Map.of("SOCIAL_COMPLETELY_DIFFERENT_THING", "1")));
    assertFalse(far.getMessage().contains("did you mean"), far.getMessage());
    // Known names still work, other variables are none of our business.
    ConfigLoader.load(Optional.empty(), Map.of("SOCIAL_BRAIN_LLM_API_KEY", SECRET, "HOME", "/"));
  }

  @Test
  void startupFailuresAreClassifiedWithKeyAndFix() {
    AppConfig config = AppConfig.defaultsWith(Map.of("http.port", 18080));
    StartupFailure port = StartupFailure.ofDeployment(new ComponentStartException("service-server",
        new BindException("Address already in use")), config);
    assertEquals(ExitCode.PORT, port.exit());
    assertTrue(port.line().startsWith("http.port 18080 on 127.0.0.1 is already in use"), port.line());
    assertTrue(port.line().contains("SOCIAL_HTTP_PORT"), port.line());
    assertTrue(port.logLine().startsWith("start-up failed (exit 3): "), port.logLine());
    StartupFailure management = StartupFailure.ofDeployment(new ComponentStartException(
        "management-server", new BindException("Address already in use")), config);
    assertTrue(management.line().startsWith("management.port 8081"), management.line());
    StartupFailure bridge = StartupFailure.ofDeployment(new ComponentStartException("tcp-bridge",
        new java.net.UnknownHostException("bridge-host.invalid")), config);
    assertEquals(ExitCode.PORT, bridge.exit());
    assertTrue(bridge.line().startsWith("bridge.host 127.0.0.1 does not resolve"), bridge.line());
    StartupFailure bridgePort = StartupFailure.ofDeployment(new ComponentStartException(
        "tcp-bridge", new BindException("Address already in use")), config);
    assertEquals(ExitCode.PORT, bridgePort.exit());
    assertTrue(bridgePort.line().contains("SOCIAL_BRIDGE_PORT"), bridgePort.line());
    StartupFailure unresolved = StartupFailure.ofDeployment(new ComponentStartException(
        "management-server", new java.net.UnknownHostException("x.invalid")), config);
    assertEquals(ExitCode.PORT, unresolved.exit());
    assertTrue(unresolved.line().contains("SOCIAL_MANAGEMENT_HOST"), unresolved.line());
    StartupFailure other = StartupFailure.ofDeployment(
        new ComponentStartException("session-0", new IllegalStateException("boom")), config);
    assertEquals(ExitCode.UNEXPECTED, other.exit());
    assertEquals(ExitCode.CLUSTER, StartupFailure.ofVertx(new IllegalStateException("no")).exit());
  }

  @Test
  void jsonLogsAreOneObjectPerLineWithAZonedTimestampMdcAndTheStackAsOneField() {
    LoggerContext context = new LoggerContext();
    JsonLogEncoder encoder = new JsonLogEncoder(ZoneId.of("Asia/Shanghai"));
    encoder.setContext(context);
    encoder.start();
    Logger logger = context.getLogger("dev.perocore.social.session.Example");
    LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.WARN,
        "session {}: flush failed \"quoted\"", new IllegalStateException("it broke"),
        new Object[] {"1:private:2"});
    event.setMDCPropertyMap(Map.of("session", "1:private:2", "bot", "1", "task", "brain.decide"));
    String text = new String(encoder.encode(event), StandardCharsets.UTF_8);
    assertTrue(text.endsWith("}\n"), text);
    assertEquals(1, text.strip().lines().count(), "one line: " + text);
    JsonObject json = new JsonObject(text);
    assertEquals("+08:00", OffsetDateTime.parse(json.getString("timestamp")).getOffset().toString());
    assertEquals("WARN", json.getString("level"));
    assertEquals("dev.perocore.social.session.Example", json.getString("loggerName"));
    assertEquals(Thread.currentThread().getName(), json.getString("threadName"));
    assertEquals("session 1:private:2: flush failed \"quoted\"", json.getString("formattedMessage"));
    assertEquals("brain.decide", json.getJsonObject("mdc").getString("task"));
    assertEquals("1:private:2", json.getJsonObject("mdc").getString("session"));
    assertTrue(json.getString("stack").startsWith("java.lang.IllegalStateException: it broke"),
        json.getString("stack"));
    assertTrue(json.getString("stack").contains("\tat "), "the whole stack, in one field");
  }
}
