package dev.perocore.social.brain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.app.config.ConfigException;
import dev.perocore.social.app.config.ConfigLoader;
import java.time.Duration;
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
}
