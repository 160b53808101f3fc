package dev.perocore.social.brain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The four prompt templates the LLM brain fills: the full reply ({@code system.md}), the observing
 * check ({@code secretary.md}), memory summaries ({@code summary.md}) and request verdicts ({@code
 * friend_request.md}). The in-jar defaults live in {@code /prompts/}; a file of the same name in
 * {@code brain.prompts_dir} replaces one. Placeholders: {@code {persona}}, {@code {bot_name}},
 * {@code {bot_id}}, {@code {chat}}, {@code {chat_type}}, {@code {chat_name}}, {@code {now}} (with
 * zone, {@code brain.timezone}) and, in friend_request.md, {@code {request}}; anything else in
 * braces (the summary's JSON example) stays as written.
 *
 * <p>Read once at start-up, off the event loop: a missing or empty file stops start-up.
 */
public record PromptTemplates(String system, String secretary, String summary,
    String friendRequest) {

  /** The file names, in component order. */
  public static final String SYSTEM = "system.md";
  public static final String SECRETARY = "secretary.md";
  public static final String SUMMARY = "summary.md";
  public static final String FRIEND_REQUEST = "friend_request.md";

  public PromptTemplates {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(secretary, "secretary");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(friendRequest, "friendRequest");
  }

  /**
   * The in-jar defaults, each replaced by the file of the same name in {@code dir} when there is
   * one. Blocking file reads: call at start-up, never on an event loop.
   *
   * @throws IllegalArgumentException naming the file that is unreadable or empty
   */
  public static PromptTemplates load(Optional<Path> dir) {
    return new PromptTemplates(read(dir, SYSTEM), read(dir, SECRETARY), read(dir, SUMMARY),
        read(dir, FRIEND_REQUEST));
  }

  /** {@code template} with each {@code {key}} of {@code values} replaced; other braces kept. */
  public static String fill(String template, Map<String, String> values) {
    String out = template;
    for (Map.Entry<String, String> value : values.entrySet()) {
      out = out.replace("{" + value.getKey() + "}", value.getValue());
    }
    return out.strip();
  }

  private static String read(Optional<Path> dir, String name) {
    if (dir.isPresent()) {
      Path file = dir.get().resolve(name);
      if (Files.exists(file)) {
        try {
          return nonEmpty(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
          throw new IllegalArgumentException(file + " cannot be read: " + e.getMessage(), e);
        }
      }
    }
    try (InputStream in = PromptTemplates.class.getResourceAsStream("/prompts/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks /prompts/" + name);
      }
      return nonEmpty(new String(in.readAllBytes(), StandardCharsets.UTF_8), "/prompts/" + name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String nonEmpty(String text, String where) {
    if (text.isBlank()) {
      throw new IllegalArgumentException(where + " is empty");
    }
    return text;
  }
}
