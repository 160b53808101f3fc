package dev.perocore.social.brain;

import java.util.Objects;
import java.util.Optional;

/**
 * One OpenAI-compatible chat-completions endpoint: the primary ({@code brain.llm.base_url},
 * {@code api_key}, {@code model}) or one of {@code brain.llm.fallbacks}.
 *
 * @param baseUrl e.g. {@code https://api.example.com/v1}; {@code /chat/completions} is appended
 * @param apiKey sent as {@code Authorization: Bearer}; empty for local servers without auth
 * @param model the model name; also the {@code model} label of the brain's metrics, so the
 *     configured names are the only values that label can take
 */
public record LlmEndpoint(String baseUrl, Optional<String> apiKey, String model) {

  public LlmEndpoint {
    Objects.requireNonNull(baseUrl, "baseUrl");
    apiKey = Objects.requireNonNullElse(apiKey, Optional.<String>empty());
    Objects.requireNonNull(model, "model");
  }

  /** Never the key: records print every component, and these reach logs in failures. */
  @Override
  public String toString() {
    return "LlmEndpoint[" + baseUrl + ", model=" + model
        + (apiKey.isPresent() ? ", api_key=***" : "") + "]";
  }
}
