package dev.perocore.social.guard;

import java.time.Duration;

/**
 * A snapshot of one task in flight, as the admin API and the logs show it.
 *
 * @param owner the TaskSet (verticle) that owns it
 * @param kind low-cardinality kind, e.g. {@code store.append}; a metric label
 * @param detail what exactly, e.g. the session key; only in logs and the admin API
 * @param age how long it has been running
 * @param timedOut whether its named deadline already passed
 */
public record TaskInfo(String owner, String kind, String detail, Duration age, boolean timedOut) {}
