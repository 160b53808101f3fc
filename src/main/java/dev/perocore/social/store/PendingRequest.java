package dev.perocore.social.store;

/** A stored request that has no resolution yet, with its store id. */
public record PendingRequest(long rowId, RequestRow row) {}
