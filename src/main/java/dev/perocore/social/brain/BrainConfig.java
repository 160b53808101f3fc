package dev.perocore.social.brain;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code brain:} section of the configuration.
 *
 * @param kind which brain answers; {@link Kind#AUTO} picks {@code llm} when an endpoint is set
 * @param timeout how long a caller waits for any brain answer ({@code brain.timeout})
 * @param persona who the bot is, for the prompts; empty = a friendly group member
 * @param echoVerdict what the echo brain answers to friend requests and invites
 * @param llm the chat-completions endpoint
 * @param secretaryMaySpeak whether an observing answer may be sent ({@code
 *     brain.secretary_may_speak}); false = every observing answer is a pass
 * @param timezone the zone of the prompts' times and of "now" ({@code brain.timezone})
 * @param prompts the templates ({@code brain.prompts_dir} over the in-jar defaults)
 */
public record BrainConfig(
    Kind kind, Duration timeout, String persona, RequestVerdict echoVerdict, LlmConfig llm,
    boolean secretaryMaySpeak, ZoneId timezone, PromptTemplates prompts) {

  /** {@code brain.kind}. */
  public enum Kind {
    AUTO, LLM, ECHO, NONE;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public BrainConfig {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(timeout, "timeout");
    persona = Objects.requireNonNullElse(persona, "");
    echoVerdict = Objects.requireNonNullElse(echoVerdict, RequestVerdict.HOLD);
    Objects.requireNonNull(llm, "llm");
    Objects.requireNonNull(timezone, "timezone");
    Objects.requireNonNull(prompts, "prompts");
  }

  /** The brain that will actually answer: {@code auto} resolved. */
  public Kind effectiveKind() {
    if (kind != Kind.AUTO) {
      return kind;
    }
    return llm.baseUrl().isPresent() ? Kind.LLM : Kind.NONE;
  }
}
