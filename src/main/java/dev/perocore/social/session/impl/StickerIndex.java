package dev.perocore.social.session.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The operator's stickers ({@code reply.stickers_dir}): {@value #INDEX} maps a name to a file in
 * that directory and optional tags, e.g. {@code ok: {file: ok.png, tags: [yes, agree]}}. Files are
 * read once, at start-up on a worker thread, each at most {@code reply.sticker_max_bytes}, and kept
 * as base64: NapCat usually runs in another container, so a sticker travels inside the {@code
 * image} segment ({@code base64://...}), never as a path or URL. A bad index stops start-up with
 * one line naming the key.
 */
public final class StickerIndex {

  /** The index file's name inside the directory. */
  public static final String INDEX = "index.yaml";
  private static final String KEY = "reply.stickers_dir";
  /** Names the model writes inside {@code [STICKER:...]}: no brackets, no line breaks. */
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_\\-. ]{1,32}");
  private static final StickerIndex NONE = new StickerIndex(Map.of());

  private final Map<String, String> base64ByName;

  private StickerIndex(Map<String, String> base64ByName) {
    this.base64ByName = base64ByName;
  }

  /** No stickers ({@code reply.stickers_dir} empty). */
  public static StickerIndex none() {
    return NONE;
  }

  /**
   * Reads the index and its files. Blocking: call on a worker.
   *
   * @throws IllegalArgumentException one line naming {@code reply.stickers_dir} and what is wrong
   */
  public static StickerIndex load(String dir, long maxBytes) {
    if (dir == null || dir.isBlank()) {
      return NONE;
    }
    Path root = Path.of(dir).toAbsolutePath().normalize();
    Path index = root.resolve(INDEX);
    Object parsed;
    try {
      parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(index));
    } catch (IOException | YAMLException e) {
      throw bad(index + " cannot be read as YAML (" + oneLine(e.getMessage()) + ")");
    }
    if (!(parsed instanceof Map<?, ?> entries) || entries.isEmpty()) {
      throw bad(index + " must map sticker names to {file: ..., tags: [...]}");
    }
    Map<String, String> loaded = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : entries.entrySet()) {
      String name = String.valueOf(entry.getKey()).strip();
      if (!NAME.matcher(name).matches()) {
        throw bad(index + ": sticker name '" + name + "' must be 1-32 letters, digits, spaces or _-.");
      }
      loaded.put(name, read(root, name, entry.getValue(), maxBytes));
    }
    return new StickerIndex(Map.copyOf(loaded));
  }

  /** The names, for the prompt, sorted. */
  public List<String> names() {
    return base64ByName.keySet().stream().sorted().toList();
  }

  /** The {@code image} segment's {@code file} value of a sticker: {@code base64://...}. */
  public Optional<String> file(String name) {
    return Optional.ofNullable(base64ByName.get(name)).map(b64 -> "base64://" + b64);
  }

  private static String read(Path root, String name, Object value, long maxBytes) {
    if (!(value instanceof Map<?, ?> fields) || !(fields.get("file") instanceof String file)
        || file.isBlank()) {
      throw bad(INDEX + ": sticker '" + name + "' needs file: <name of a file in the directory>");
    }
    Object tags = fields.get("tags");
    if (tags != null && !(tags instanceof List<?>)) {
      throw bad(INDEX + ": sticker '" + name + "': tags must be a list");
    }
    Path path = root.resolve(file).normalize();
    // The index names files in the operator's directory, never a path out of it.
    if (!path.startsWith(root) || !Files.isRegularFile(path)) {
      throw bad(INDEX + ": sticker '" + name + "': " + file + " is not a file in " + root);
    }
    try {
      long size = Files.size(path);
      if (size == 0 || size > maxBytes) {
        throw bad(INDEX + ": sticker '" + name + "': " + file + " is " + size
            + " bytes; allowed 1 to reply.sticker_max_bytes (" + maxBytes + ")");
      }
      return Base64.getEncoder().encodeToString(Files.readAllBytes(path));
    } catch (IOException e) {
      throw bad(INDEX + ": sticker '" + name + "': " + file + " cannot be read ("
          + oneLine(e.getMessage()) + ")");
    }
  }

  private static IllegalArgumentException bad(String what) {
    return new IllegalArgumentException(KEY + ": " + what);
  }

  private static String oneLine(String text) {
    return String.valueOf(text).replaceAll("\\s+", " ").trim();
  }
}
