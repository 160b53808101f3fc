package dev.perocore.social.app.config;

import dev.perocore.social.brain.PromptTemplates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The prompt keys of the {@code brain:} section: {@code brain.persona} or {@code
 * brain.persona_file}, {@code brain.timezone} and {@code brain.prompts_dir}. The files are read
 * here, at start-up on the main thread, so a bad path stops start-up with one line naming its key
 * and the event loops never touch the disk for a prompt.
 */
final class BrainPromptsParser {

  private BrainPromptsParser() {}

  /** {@code brain.persona}, or the text of {@code brain.persona_file}; never both. */
  static String persona(ConfigView c) {
    String inline = c.optionalString("brain.persona").orElse("");
    Optional<String> file = c.optionalString("brain.persona_file");
    if (file.isEmpty()) {
      return inline;
    }
    if (!inline.isBlank()) {
      throw new ConfigException("brain.persona_file", "set brain.persona or brain.persona_file,"
          + " not both");
    }
    try {
      String text = Files.readString(Path.of(file.get().trim()), StandardCharsets.UTF_8).strip();
      if (text.isEmpty()) {
        throw new ConfigException("brain.persona_file", file.get(), "a file with the persona text"
            + " (this one is empty)");
      }
      return text;
    } catch (IOException | RuntimeException e) {
      if (e instanceof ConfigException ce) {
        throw ce;
      }
      throw new ConfigException("brain.persona_file", file.get(), "a readable UTF-8 text file ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  /** {@code brain.timezone}: the zone of every time a prompt shows. */
  static ZoneId timezone(ConfigView c) {
    String text = c.string("brain.timezone").trim();
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      throw new ConfigException("brain.timezone", text, "a time zone id such as Asia/Shanghai");
    }
  }

  /** The in-jar templates, each replaced by its file in {@code brain.prompts_dir} if present. */
  static PromptTemplates templates(ConfigView c) {
    Optional<String> dir = c.optionalString("brain.prompts_dir").map(String::trim);
    if (dir.isPresent() && !Files.isDirectory(Path.of(dir.get()))) {
      throw new ConfigException("brain.prompts_dir", dir.get(), "an existing directory holding"
          + " any of system.md, secretary.md, summary.md, friend_request.md");
    }
    try {
      return PromptTemplates.load(dir.map(Path::of));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("brain.prompts_dir", dir.orElse(""), e.getMessage());
    }
  }
}
