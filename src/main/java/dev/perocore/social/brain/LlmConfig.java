package dev.perocore.social.brain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The OpenAI-compatible chat-completions endpoint ({@code brain.llm.*}).
 *
 * @param baseUrl e.g. {@code https://api.example.com/v1}; {@code /chat/completions} is appended
 * @param apiKey sent as {@code Authorization: Bearer}; empty for local servers without auth
 * @param model the model name
 * @param timeout one HTTP attempt's deadline
 * @param temperature sampling temperature
 * @param maxTokens the answer's token cap
 * @param maxRetries retries after a 5xx, 429, timeout or connection failure (never after a 4xx)
 * @param retryDelay the first retry's delay; each next one doubles
 * @param circuitFailures consecutive failed attempts that open the circuit
 * @param circuitReset how long an open circuit stays open before one trial request
 * @param fallbacks {@code brain.llm.fallbacks}: endpoints asked in order when the one before
 *     answers 429 or 5xx, times out, or has its circuit open; each has its own circuit and shares
 *     the settings above
 * @param secretaryModel the primary endpoint's model for the observing check ({@code
 *     brain.llm.secretary_model}; default: {@code model}) — it runs on most flushes and needs little
 * @param summaryModel the primary endpoint's model for memory summaries ({@code
 *     brain.llm.summary_model}; default: {@code model})
 */
public record LlmConfig(
    Optional<String> baseUrl,
    Optional<String> apiKey,
    String model,
    Duration timeout,
    double temperature,
    int maxTokens,
    int maxRetries,
    Duration retryDelay,
    int circuitFailures,
    Duration circuitReset,
    List<LlmEndpoint> fallbacks,
    String secretaryModel,
    String summaryModel) {

  /** One model for everything. */
  public LlmConfig(Optional<String> baseUrl, Optional<String> apiKey, String model,
      Duration timeout, double temperature, int maxTokens, int maxRetries, Duration retryDelay,
      int circuitFailures, Duration circuitReset, List<LlmEndpoint> fallbacks) {
    this(baseUrl, apiKey, model, timeout, temperature, maxTokens, maxRetries, retryDelay,
        circuitFailures, circuitReset, fallbacks, model, model);
  }

  /** Without fallbacks. */
  public LlmConfig(Optional<String> baseUrl, Optional<String> apiKey, String model,
      Duration timeout, double temperature, int maxTokens, int maxRetries, Duration retryDelay,
      int circuitFailures, Duration circuitReset) {
    this(baseUrl, apiKey, model, timeout, temperature, maxTokens, maxRetries, retryDelay,
        circuitFailures, circuitReset, List.of());
  }

  public LlmConfig {
    baseUrl = Objects.requireNonNullElse(baseUrl, Optional.<String>empty());
    apiKey = Objects.requireNonNullElse(apiKey, Optional.<String>empty());
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(retryDelay, "retryDelay");
    Objects.requireNonNull(circuitReset, "circuitReset");
    fallbacks = List.copyOf(Objects.requireNonNullElse(fallbacks, List.<LlmEndpoint>of()));
    secretaryModel = secretaryModel == null || secretaryModel.isBlank() ? model : secretaryModel;
    summaryModel = summaryModel == null || summaryModel.isBlank() ? model : summaryModel;
  }

  /** Never the keys. */
  @Override
  public String toString() {
    return "LlmConfig[" + endpoints() + ", secretaryModel=" + secretaryModel + ", summaryModel="
        + summaryModel + ", timeout=" + timeout + ", maxRetries=" + maxRetries
        + ", circuitFailures=" + circuitFailures + ", circuitReset=" + circuitReset + "]";
  }

  /** The primary endpoint (when {@code base_url} is set), then the fallbacks, in order. */
  public List<LlmEndpoint> endpoints() {
    List<LlmEndpoint> all = new ArrayList<>();
    baseUrl.ifPresent(url -> all.add(new LlmEndpoint(url, apiKey, model)));
    all.addAll(fallbacks);
    return List.copyOf(all);
  }
}
