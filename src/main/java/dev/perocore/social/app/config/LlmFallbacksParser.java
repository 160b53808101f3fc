package dev.perocore.social.app.config;

import dev.perocore.social.brain.LlmEndpoint;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code brain.llm.fallbacks}: a list of {@code {base_url, api_key, model}} maps (from the
 * environment: {@code SOCIAL_BRAIN_LLM_FALLBACKS} as a JSON array of objects). Each problem names
 * its entry's key, e.g. {@code brain.llm.fallbacks[1].base_url}. An entry's api_key is never
 * echoed, and neither is a whole entry, which holds one.
 */
final class LlmFallbacksParser {

  static final String KEY = "brain.llm.fallbacks";
  private static final Set<String> FIELDS = Set.of("base_url", "api_key", "model");

  private LlmFallbacksParser() {}

  /**
   * @param primaryUrl {@code brain.llm.base_url}: fallbacks without a primary are refused
   * @param primaryModel {@code brain.llm.model}: every model name must be distinct, since the
   *     names are the values of the {@code model} metric label
   */
  static List<LlmEndpoint> parse(ConfigView c, Optional<String> primaryUrl, String primaryModel) {
    JsonArray list = c.list(KEY);
    if (!list.isEmpty() && primaryUrl.isEmpty()) {
      throw new ConfigException(KEY, "needs brain.llm.base_url: the fallbacks answer when that"
          + " endpoint cannot");
    }
    Set<String> models = new HashSet<>(Set.of(primaryModel));
    List<LlmEndpoint> endpoints = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String entryKey = KEY + "[" + i + "]";
      if (!(list.getValue(i) instanceof JsonObject entry)) {
        throw new ConfigException(entryKey, "must be a mapping with base_url, api_key and model");
      }
      for (String field : entry.fieldNames()) {
        if (!FIELDS.contains(field)) {
          throw new ConfigException(entryKey + "." + field, "unknown key (base_url, api_key,"
              + " model)");
        }
      }
      String url = text(entry, entryKey + ".base_url").orElseThrow(() ->
          new ConfigException(entryKey + ".base_url", "must be set"));
      if (!url.matches("(?i)https?://\\S+")) {
        throw new ConfigException(entryKey + ".base_url", url,
            "an http:// or https:// URL such as https://api.example.com/v1");
      }
      Optional<String> apiKey = text(entry, entryKey + ".api_key");
      String model = text(entry, entryKey + ".model").orElseThrow(() ->
          new ConfigException(entryKey + ".model", "must be set"));
      if (!models.add(model)) {
        throw new ConfigException(entryKey + ".model", model, "differs from brain.llm.model and"
            + " the fallbacks before it (the names are the metrics' model label)");
      }
      endpoints.add(new LlmEndpoint(url, apiKey, model));
    }
    return endpoints;
  }

  /** A text field; empty = not set. Its value is not echoed: it may be the api_key. */
  private static Optional<String> text(JsonObject entry, String key) {
    Object value = entry.getValue(key.substring(key.lastIndexOf('.') + 1));
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof JsonObject || value instanceof JsonArray) {
      throw new ConfigException(key, "must be text");
    }
    String text = String.valueOf(value).trim();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }
}
