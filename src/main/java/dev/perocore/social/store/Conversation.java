package dev.perocore.social.store;

import dev.perocore.social.chat.ChatKey;
import java.time.Instant;
import java.util.Optional;

/**
 * A stored conversation as the admin API lists it: which chat, the name we last saw for its peer
 * (the user's nickname or the group's name, if one was ever seen) and when it was last active.
 */
public record Conversation(ChatKey session, Optional<String> name, Instant lastActiveAt) {}
