package dev.perocore.social.onebot;

import java.util.Locale;
import java.util.Optional;

/**
 * What a OneBot connection carries (reverse WebSocket {@code X-Client-Role}): events, actions, or
 * both on one connection.
 */
public enum ClientRole {
  UNIVERSAL,
  EVENT,
  API;

  /** Parses an {@code X-Client-Role} header, case-insensitively; empty when absent or unknown. */
  public static Optional<ClientRole> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    return switch (header.trim().toLowerCase(Locale.ROOT)) {
      case "universal" -> Optional.of(UNIVERSAL);
      case "event" -> Optional.of(EVENT);
      case "api" -> Optional.of(API);
      default -> Optional.empty();
    };
  }

  public boolean carriesEvents() {
    return this != API;
  }

  public boolean carriesActions() {
    return this != EVENT;
  }

  /** The metric label: {@code universal}, {@code event}, {@code api}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
