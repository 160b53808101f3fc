package dev.perocore.social.onebot.impl;

import dev.perocore.social.onebot.BotOwners;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's side of bot ownership across full nodes (issue 17): a connection is served only
 * once this node holds its bot's claim. A bot held by another live node is refused with close
 * 1008 naming that node, counted in {@code social_bot_owner_conflicts_total} and logged at WARN in
 * one line; a claim that cannot be answered (the cluster's map is unreachable within its deadline)
 * closes with 1013 (try again later), since serving without it could split the bot's history.
 */
public final class OwnerGate {

  /** Close code for a bot served by another node (policy). */
  public static final short CLOSE_OWNED_ELSEWHERE = 1008;
  /** Close code when the claim could not be checked: the peer should retry. */
  public static final short CLOSE_TRY_LATER = 1013;
  /** A close reason's limit in bytes (RFC 6455: 125 bytes of payload minus the code). */
  private static final int REASON_BYTES = 123;

  private static final Logger LOG = LoggerFactory.getLogger(OwnerGate.class);

  private final BotOwners owners;
  private final OneBotMetrics metrics;

  /** Why a connection is not served: the close code and reason to send. */
  public record Refusal(short code, String reason) {}

  public OwnerGate(BotOwners owners, OneBotMetrics metrics) {
    this.owners = owners;
    this.metrics = metrics;
  }

  /**
   * Claims {@code selfId}; runs {@code admitted} when this node may serve it, else hands {@code
   * refused} the close to send. Both run on the caller's context.
   *
   * @param connection the connection for log lines, e.g. {@code a reverse connection from ...}
   */
  public void admit(long selfId, String connection, Runnable admitted,
      Consumer<Refusal> refused) {
    owners.claim(selfId).onComplete(claim -> {
      if (claim.failed()) {
        LOG.warn("bot {}: {} not served: its ownership could not be checked ({}); closing it"
            + " (1013)", selfId, connection, claim.cause().getMessage());
        refused.accept(new Refusal(CLOSE_TRY_LATER,
            fit("bot " + selfId + ": ownership could not be checked, try again")));
      } else if (claim.result().isEmpty()) {
        admitted.run();
      } else {
        String owner = claim.result().get();
        metrics.ownerConflict();
        LOG.warn("bot {}: refused {}: bot {} is served by node {} (1008)", selfId, connection,
            selfId, owner);
        refused.accept(new Refusal(CLOSE_OWNED_ELSEWHERE,
            fit("bot " + selfId + " is served by node " + owner)));
      }
    });
  }

  /** A bot the gateway forgot: its claim goes, so another node may take it. */
  public void forgotten(long selfId) {
    owners.release(selfId).onFailure(cause -> LOG.warn("bot {}: its claim could not be released"
        + " ({}); it goes when this node leaves the cluster", selfId, cause.getMessage()));
  }

  /** Cut to what a close frame carries, on a character boundary. */
  static String fit(String reason) {
    byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= REASON_BYTES) {
      return reason;
    }
    int end = reason.length();
    while (reason.substring(0, end).getBytes(StandardCharsets.UTF_8).length > REASON_BYTES) {
      end--;
    }
    return reason.substring(0, end);
  }
}
