package dev.perocore.social.app;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.brain.BrainConfig;
import dev.perocore.social.brain.LlmConfig;
import java.net.URI;

/**
 * The first line the service logs: which build, where it listens, where it stores, who answers
 * (the LLM's URL and model, never its key) — what an operator checks before anything else when a
 * bot does not answer.
 */
final class StartupLine {

  private StartupLine() {}

  static String of(AppConfig config) {
    return "social-adapter " + Version.current() + " starting: service " + config.http().host() + ":"
        + config.http().port() + ", management " + config.management().host() + ":"
        + config.management().port() + ", store " + config.store().path() + ", brain "
        + brain(config.brain()) + ", log " + config.logLevel() + " " + config.logFormat();
  }

  private static String brain(BrainConfig brain) {
    BrainConfig.Kind kind = brain.effectiveKind();
    if (kind != BrainConfig.Kind.LLM) {
      return kind.label() + (brain.kind() == BrainConfig.Kind.AUTO ? " (auto: no brain.llm.base_url)" : "");
    }
    LlmConfig llm = brain.llm();
    String fallbacks = llm.fallbacks().isEmpty() ? ""
        : ", " + llm.fallbacks().size() + " fallback(s): " + String.join(", ",
            llm.fallbacks().stream().map(f -> withoutSecrets(f.baseUrl()) + " " + f.model()).toList());
    return "llm " + withoutSecrets(llm.baseUrl().orElse("?")) + " model " + llm.model()
        + (llm.apiKey().isPresent() ? " (api key set)" : " (no api key)") + fallbacks;
  }

  /** A URL without user info and query: either could carry a credential. */
  static String withoutSecrets(String url) {
    try {
      URI uri = URI.create(url);
      if (uri.getScheme() == null || uri.getHost() == null) {
        return "(unparsable URL)";
      }
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
          .toString();
    } catch (Exception e) {
      return "(unparsable URL)";
    }
  }
}
