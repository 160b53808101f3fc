package dev.perocore.social.store;

import java.time.Instant;

/** A conversation and when its last message (either way) was stored. */
public record SessionActivity(SessionRef session, Instant lastActiveAt) {}
