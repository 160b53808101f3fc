package dev.perocore.social.ops;

import java.time.Duration;

/**
 * Time bounds of one HTTP port ({@code http.*} or {@code management.*}): a connection that sends
 * nothing for {@code idleTimeout} is closed, and so is one whose request headers are not complete
 * within {@code headerTimeout} of the connection opening or of its previous response (slowloris).
 */
public record HttpLimits(Duration idleTimeout, Duration headerTimeout) {}
