package dev.perocore.social.brain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.app.config.ConfigException;
import dev.perocore.social.app.config.ConfigLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BrainConfigTest {

  private static BrainConfig load(Map<String, String> env) {
    return AppConfig.from(ConfigLoader.load(Optional.empty(), env)).brain();
  }

  @Test
  void theDefaultsAreTheDocumentedOnesAndAutoMeansNoneWithoutAnEndpoint() {
    BrainConfig brain = load(Map.of());
    assertEquals("", brain.persona());
    assertEquals(RequestVerdict.HOLD, brain.echoVerdict());
    assertEquals(Optional.empty(), brain.llm().baseUrl());
    assertEquals(Optional.empty(), brain.llm().apiKey());
    assertEquals(0.7, brain.llm().temperature());
    assertEquals(512, brain.llm().maxTokens());
    assertEquals(Duration.ofMillis(500), brain.llm().retryDelay());
    assertEquals(BrainConfig.Kind.AUTO, brain.kind());
    assertEquals(BrainConfig.Kind.NONE, brain.effectiveKind());
    assertEquals(Duration.ofSeconds(60), brain.timeout());
    assertEquals("gpt-4o-mini", brain.llm().model());
    assertEquals(Duration.ofSeconds(30), brain.llm().timeout());
    assertEquals(2, brain.llm().maxRetries());
    assertEquals(5, brain.llm().circuitFailures());
    assertEquals(Duration.ofSeconds(30), brain.llm().circuitReset());
  }

  @Test
  void anEndpointMakesAutoTheLlmAndEnvironmentVariablesOverlay() {
    BrainConfig brain = load(Map.of(
        "SOCIAL_BRAIN_LLM_BASE_URL", "http://127.0.0.1:11434/v1",
        "SOCIAL_BRAIN_LLM_API_KEY", "sk-x",
        "SOCIAL_BRAIN_LLM_TEMPERATURE", "0.3",
        "SOCIAL_BRAIN_PERSONA", "You are Pero."));
    assertEquals(BrainConfig.Kind.LLM, brain.effectiveKind());
    assertEquals(Optional.of("sk-x"), brain.llm().apiKey());
    assertEquals(0.3, brain.llm().temperature());
    assertEquals("You are Pero.", brain.persona());
    assertEquals(BrainConfig.Kind.ECHO,
        load(Map.of("SOCIAL_BRAIN_KIND", "echo", "SOCIAL_BRAIN_LLM_BASE_URL", "http://x/v1"))
            .effectiveKind(), "an explicit kind wins over auto");
  }

  @Test
  void badBrainValuesNameTheirKey() {
    assertEquals("brain.llm.base_url", assertThrows(ConfigException.class,
        () -> load(Map.of("SOCIAL_BRAIN_KIND", "llm"))).key(), "llm needs an endpoint");
    assertEquals("brain.llm.base_url", assertThrows(ConfigException.class,
        () -> load(Map.of("SOCIAL_BRAIN_LLM_BASE_URL", "ftp://nope"))).key());
    assertEquals("brain.kind", assertThrows(ConfigException.class,
        () -> load(Map.of("SOCIAL_BRAIN_KIND", "psychic"))).key());
    assertEquals("brain.llm.temperature", assertThrows(ConfigException.class,
        () -> load(Map.of("SOCIAL_BRAIN_LLM_TEMPERATURE", "3"))).key());
    assertEquals("brain.llm.max_retries", assertThrows(ConfigException.class,
        () -> load(Map.of("SOCIAL_BRAIN_LLM_MAX_RETRIES", "-1"))).key());
    assertEquals("brain.echo_verdict", assertThrows(ConfigException.class,
        () -> load(Map.of("SOCIAL_BRAIN_ECHO_VERDICT", "maybe"))).key());
  }

  private static final String PRIMARY_URL = "http://127.0.0.1:11434/v1";

  private static ConfigException refusedFallbacks(String json) {
    ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of(
        "SOCIAL_BRAIN_LLM_BASE_URL", PRIMARY_URL, "SOCIAL_BRAIN_LLM_FALLBACKS", json)));
    assertFalse(e.getMessage().contains("sk-hidden"), "an api_key was echoed: " + e.getMessage());
    return e;
  }

  @Test
  void fallbacksComeFromTheEnvironmentAsAJsonListAndDefaultToNone() {
    assertEquals(List.of(), load(Map.of()).llm().fallbacks());
    LlmConfig llm = load(Map.of("SOCIAL_BRAIN_LLM_BASE_URL", PRIMARY_URL,
        "SOCIAL_BRAIN_LLM_FALLBACKS", "[{\"base_url\": \"https://backup.example.com/v1\","
            + " \"api_key\": \"sk-hidden\", \"model\": \"backup\"},"
            + " {\"base_url\": \"http://127.0.0.1:8000/v1\", \"model\": \"local\"}]")).llm();
    assertEquals(List.of(
        new LlmEndpoint("https://backup.example.com/v1", Optional.of("sk-hidden"), "backup"),
        new LlmEndpoint("http://127.0.0.1:8000/v1", Optional.empty(), "local")), llm.fallbacks());
    assertEquals(List.of("gpt-4o-mini", "backup", "local"),
        llm.endpoints().stream().map(LlmEndpoint::model).toList());
    assertFalse(llm.toString().contains("sk-hidden"), llm.toString());
    assertFalse(llm.fallbacks().get(0).toString().contains("sk-hidden"));
  }

  @Test
  void everyBadFallbackEntryNamesItsKeyAndNeverEchoesAKey() {
    String good = "{\"base_url\": \"https://a.example.com/v1\", \"model\": \"a\","
        + " \"api_key\": \"sk-hidden\"}";
    assertEquals("brain.llm.fallbacks[1].base_url", refusedFallbacks("[" + good
        + ", {\"model\": \"b\", \"api_key\": \"sk-hidden\"}]").key());
    assertEquals("brain.llm.fallbacks[0].base_url", refusedFallbacks(
        "[{\"base_url\": \"ftp://x\", \"model\": \"b\", \"api_key\": \"sk-hidden\"}]").key());
    assertEquals("brain.llm.fallbacks[0].model", refusedFallbacks(
        "[{\"base_url\": \"https://x/v1\", \"api_key\": \"sk-hidden\"}]").key());
    assertEquals("brain.llm.fallbacks[1].model", refusedFallbacks("[" + good + ", " + good + "]")
        .key(), "model names label the metrics: a repeat is refused");
    assertEquals("brain.llm.fallbacks[0].model", refusedFallbacks(
        "[{\"base_url\": \"https://x/v1\", \"model\": \"gpt-4o-mini\"}]").key(),
        "the primary's model name is taken too");
    assertEquals("brain.llm.fallbacks[0].api_key", refusedFallbacks(
        "[{\"base_url\": \"https://x/v1\", \"model\": \"b\", \"api_key\": [\"sk-hidden\"]}]")
        .key());
    assertEquals("brain.llm.fallbacks[0].apikey", refusedFallbacks(
        "[{\"base_url\": \"https://x/v1\", \"model\": \"b\", \"apikey\": \"sk-hidden\"}]")
        .key());
    assertEquals("brain.llm.fallbacks[0]", refusedFallbacks("sk-hidden").key());
    assertEquals("brain.llm.fallbacks", refusedFallbacks("[{\"api_key\": \"sk-hidden\"").key());
    assertEquals("brain.llm.fallbacks", assertThrows(ConfigException.class, () -> load(Map.of(
        "SOCIAL_BRAIN_LLM_FALLBACKS", "[" + good + "]"))).key(), "fallbacks need a primary");
  }
}
