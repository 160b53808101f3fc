package dev.perocore.social.onebot.impl;

import dev.perocore.social.onebot.BotOwners;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
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
  /** Close code when serving failed on our side after the claim. */
  public static final short CLOSE_INTERNAL = 1011;
  /** A close reason's limit in bytes (RFC 6455: 125 bytes of payload minus the code). */
  private static final int REASON_BYTES = 123;

  private static final Logger LOG = LoggerFactory.getLogger(OwnerGate.class);

  private final BotOwners owners;
  private final OneBotMetrics metrics;
  private final LongPredicate known;
  /** Admissions whose claim is asked and not yet settled, per bot: they keep its claim. */
  private final ConcurrentMap<Long, Integer> admitting = new ConcurrentHashMap<>();
  /**
   * The node each bot was last refused for, until this node may serve it: a refusal is logged at
   * WARN once per episode (NapCat retries every few seconds, a forward connector every
   * onebot.reconnect_max) and counted every time.
   */
  private final ConcurrentMap<Long, String> refusedFor = new ConcurrentHashMap<>();

  /** Why a connection is not served: the close code and reason to send. */
  public record Refusal(short code, String reason) {}

  /**
   * @param known whether the gateway knows a bot now (served, or absent for less than {@code
   *     onebot.forget_bot_after}): its claim is kept; read from any thread
   */
  public OwnerGate(BotOwners owners, OneBotMetrics metrics, LongPredicate known) {
    this.owners = owners;
    this.metrics = metrics;
    this.known = known;
  }

  /**
   * Claims {@code selfId}; runs {@code serve} when this node may serve it, else hands {@code
   * refused} the close to send. Both run on the caller's context. {@code serve} answers whether it
   * served the connection: an admission that ends unserved (the socket closed meanwhile, the claim
   * failed at its deadline though its write may land later) gives the claim back unless the bot is
   * known here or another admission of it is under way.
   *
   * @param connection the connection for log lines, e.g. {@code a reverse connection from ...}
   */
  public void admit(long selfId, String connection, BooleanSupplier serve,
      Consumer<Refusal> refused) {
    admitting.merge(selfId, 1, Integer::sum);
    owners.claim(selfId).onComplete(claim -> {
      boolean served = false;
      boolean elsewhere = claim.succeeded() && claim.result().isPresent();
      try {
        if (claim.failed()) {
          LOG.warn("bot {}: {} not served: its ownership could not be checked ({}); closing it"
              + " (1013)", selfId, connection, claim.cause().getMessage());
          refused.accept(new Refusal(CLOSE_TRY_LATER,
              fit("bot " + selfId + ": ownership could not be checked, try again")));
        } else if (!elsewhere) {
          refusedFor.remove(selfId);
          served = serve.getAsBoolean();
        } else {
          String owner = claim.result().get();
          metrics.ownerConflict();
          if (!owner.equals(refusedFor.put(selfId, owner))) {
            LOG.warn("bot {}: refused {}: bot {} is served by node {} (1008)", selfId, connection,
                selfId, owner);
          } else {
            LOG.debug("bot {}: refused {} again: served by node {}", selfId, connection, owner);
          }
          refused.accept(new Refusal(CLOSE_OWNED_ELSEWHERE,
              fit("bot " + selfId + " is served by node " + owner)));
        }
      } catch (RuntimeException e) {
        LOG.warn("bot {}: {} not served: {}", selfId, connection, e.toString());
        refused.accept(new Refusal(CLOSE_INTERNAL, fit("bot " + selfId + ": not served")));
      } finally {
        admitting.computeIfPresent(selfId, (id, n) -> n == 1 ? null : n - 1);
        if (!served && !elsewhere) {
          release(selfId, "its admission ended unserved");
        }
      }
    });
  }

  /** A bot the gateway forgot: its claim goes, so another node may take it. */
  public void forgotten(long selfId) {
    release(selfId, "forgotten after onebot.forget_bot_after");
  }

  /** Whether {@code selfId}'s claim is this node's to give up now (asked at the release's turn). */
  boolean unserved(long selfId) {
    return !admitting.containsKey(selfId) && !known.test(selfId);
  }

  private void release(long selfId, String why) {
    owners.release(selfId, () -> unserved(selfId))
        .onSuccess(removed -> {
          if (removed) {
            LOG.info("bot {}: released its claim ({})", selfId, why);
          }
        })
        .onFailure(cause -> LOG.warn("bot {}: its claim could not be released ({}); it goes when"
            + " this node leaves the cluster", selfId, cause.getMessage()));
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
