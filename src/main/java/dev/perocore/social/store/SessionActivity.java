package dev.perocore.social.store;

import dev.perocore.social.chat.ChatKey;
import java.time.Instant;

/** A conversation and when its last message (either way) was stored. */
public record SessionActivity(ChatKey session, Instant lastActiveAt) {}
