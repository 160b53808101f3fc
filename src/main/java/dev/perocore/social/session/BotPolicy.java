package dev.perocore.social.session;

import java.util.Map;
import java.util.Set;

/**
 * What one bot account may answer ({@code session.bots.<self_id>}). An empty allow list allows all;
 * a deny entry always wins. A chat that is not allowed is stored only, like {@link GroupMode#OFF}.
 *
 * @param name how the bot is called (stored as the sender name of its rows; also a summon word)
 * @param allowGroups groups it may answer in (empty = all)
 * @param denyGroups groups it never answers in
 * @param allowUsers users it may answer (empty = all)
 * @param denyUsers users it never answers (in private or in groups)
 * @param groupModes per-group switch, overriding {@code session.group_mode}
 */
public record BotPolicy(String name, Set<Long> allowGroups, Set<Long> denyGroups,
    Set<Long> allowUsers, Set<Long> denyUsers, Map<Long, GroupMode> groupModes) {

  private static final BotPolicy OPEN =
      new BotPolicy("", Set.of(), Set.of(), Set.of(), Set.of(), Map.of());

  public BotPolicy {
    name = name == null ? "" : name;
    allowGroups = Set.copyOf(allowGroups);
    denyGroups = Set.copyOf(denyGroups);
    allowUsers = Set.copyOf(allowUsers);
    denyUsers = Set.copyOf(denyUsers);
    groupModes = Map.copyOf(groupModes);
  }

  /** No restrictions, no name. */
  public static BotPolicy open() {
    return OPEN;
  }

  /** The mode of a group: its override, else {@code fallback}; a not-allowed group is OFF. */
  public GroupMode groupMode(long groupId, GroupMode fallback) {
    if (denyGroups.contains(groupId) || (!allowGroups.isEmpty() && !allowGroups.contains(groupId))) {
      return GroupMode.OFF;
    }
    return groupModes.getOrDefault(groupId, fallback);
  }

  /** Whether messages of {@code userId} may make the bot speak. */
  public boolean userAllowed(long userId) {
    return !denyUsers.contains(userId) && (allowUsers.isEmpty() || allowUsers.contains(userId));
  }
}
