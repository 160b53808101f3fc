package dev.perocore.social.brain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the session gathered around the buffered messages. Each part is best effort: a part that
 * could not be read in time is left empty and named in {@link #missingParts}, so the brain (and
 * its prompt) knows what it is not seeing instead of guessing.
 *
 * @param history the session's recent messages, oldest first
 * @param relatedUsers recent private messages with other users who spoke lately, by user id
 * @param latestGroup in a private chat, a description of the user's most recent group
 * @param missingParts names of the parts that are missing, e.g. {@code related_users}
 * @param memories stored summaries recalled for this flush, oldest first ({@code memory.recall})
 * @param chatName a group's name as its implementation reports it ({@code get_group_info});
 *     empty when unknown (a private chat, or the question failed): the prompt says {@code group
 *     <id>}
 */
public record BrainContext(
    List<ChatLine> history,
    Map<Long, List<ChatLine>> relatedUsers,
    Optional<String> latestGroup,
    List<String> missingParts,
    List<Memory> memories,
    String chatName) {

  private static final BrainContext EMPTY =
      new BrainContext(List.of(), Map.of(), Optional.empty(), List.of(), List.of(), "");

  /** Without a chat name. */
  public BrainContext(List<ChatLine> history, Map<Long, List<ChatLine>> relatedUsers,
      Optional<String> latestGroup, List<String> missingParts, List<Memory> memories) {
    this(history, relatedUsers, latestGroup, missingParts, memories, "");
  }

  /** Without recalled memories. */
  public BrainContext(List<ChatLine> history, Map<Long, List<ChatLine>> relatedUsers,
      Optional<String> latestGroup, List<String> missingParts) {
    this(history, relatedUsers, latestGroup, missingParts, List.of());
  }

  public BrainContext {
    // Immutable copies: the record crosses the event bus by reference (see WireCodec).
    history = history == null ? List.of() : List.copyOf(history);
    relatedUsers = relatedUsers == null ? Map.of() : copyOf(relatedUsers);
    latestGroup = latestGroup == null ? Optional.empty() : latestGroup;
    missingParts = missingParts == null ? List.of() : List.copyOf(missingParts);
    memories = memories == null ? List.of() : List.copyOf(memories);
    chatName = chatName == null ? "" : chatName.strip();
  }

  /** No context at all (nothing gathered, nothing missing). */
  public static BrainContext empty() {
    return EMPTY;
  }

  private static Map<Long, List<ChatLine>> copyOf(Map<Long, List<ChatLine>> related) {
    // Keep the caller's order (most recent speaker first) while making every list immutable.
    Map<Long, List<ChatLine>> copy = new LinkedHashMap<>();
    related.forEach((user, lines) -> copy.put(user, lines == null ? List.of() : List.copyOf(lines)));
    return Collections.unmodifiableMap(copy);
  }
}
