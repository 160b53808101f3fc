package dev.perocore.social.brain;

import java.util.Objects;

/**
 * The bot account a request is for.
 *
 * @param selfId the bot's QQ number (OneBot {@code self_id})
 * @param name how the bot is called in chat (its nickname); the persona comes from config
 */
public record BotIdentity(long selfId, String name) {

  public BotIdentity {
    name = Objects.requireNonNullElse(name, "");
  }
}
