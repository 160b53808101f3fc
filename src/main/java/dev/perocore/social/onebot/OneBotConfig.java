package dev.perocore.social.onebot;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code onebot:} section of {@code conf/application.yaml}, validated by {@code
 * AppConfig.parseOneBot}. Every key is documented there.
 *
 * @param accessToken the token every OneBot connection must present; empty = no authentication
 * @param forward forward WebSocket servers to connect to (besides accepting reverse connections)
 * @param reconnectMin first delay before reconnecting a forward connection
 * @param reconnectMax ceiling of the exponential reconnect delay
 * @param maxFrameBytes largest WebSocket message accepted; a larger one closes the connection (1009)
 * @param actionTimeout default deadline of one action (a caller may pass its own)
 * @param heartbeatGrace a bot is silent after this many announced heartbeat intervals without one
 * @param actionFailureLimit consecutive action timeouts after which a bot is degraded
 * @param sendRatePerGroup send budget per (bot, group)
 * @param sendRatePerBot send budget per bot, over all its chats
 * @param sendQueueMax sends that may wait for budget per bot; more fail as rate limited
 * @param sendQueueTimeout longest a send may wait for budget before it fails as rate limited
 * @param dedupeWindow retired (issue 13): still accepted so existing files start; unused, the
 *     store recognises a redelivery by identity
 * @param dedupeSize retired, like dedupeWindow
 * @param pingInterval WebSocket ping period; a connection silent for 3 periods is closed
 * @param limits what clients may hold of the pod: connections, unfinished fragments, bot ids
 */
public record OneBotConfig(
    Optional<String> accessToken,
    List<ForwardTarget> forward,
    Duration reconnectMin,
    Duration reconnectMax,
    int maxFrameBytes,
    Duration actionTimeout,
    double heartbeatGrace,
    int actionFailureLimit,
    SendRate sendRatePerGroup,
    SendRate sendRatePerBot,
    int sendQueueMax,
    Duration sendQueueTimeout,
    Duration dedupeWindow,
    int dedupeSize,
    Duration pingInterval,
    OneBotLimits limits) {

  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

  public OneBotConfig {
    forward = List.copyOf(forward);
    if (reconnectMax.compareTo(reconnectMin) < 0) {
      throw new IllegalArgumentException("reconnect_max must not be below reconnect_min");
    }
  }

  /**
   * The start-up check of issue 3: without an access token the OneBot endpoints may only listen
   * on a loopback address. Returns the warning to log when that is the case, nothing when a token
   * is set, and throws {@link InsecureExposureException} (one clear line) when the endpoints would
   * be open to the network. Only literal loopback addresses and {@code localhost} count as
   * loopback: a host name is not resolved here, so it is treated as exposed.
   */
  public Optional<String> checkExposure(String httpHost) {
    return checkExposure(accessToken, httpHost);
  }

  /** See {@link #checkExposure(String)}. */
  public static Optional<String> checkExposure(Optional<String> accessToken, String httpHost) {
    if (accessToken.isPresent()) {
      return Optional.empty();
    }
    if (isLoopback(httpHost)) {
      return Optional.of("onebot.access_token is empty: OneBot connections are not authenticated;"
          + " acceptable only because http.host " + httpHost + " is a loopback address");
    }
    throw new InsecureExposureException("refusing to start: http.host " + httpHost
        + " is not a loopback address and onebot.access_token is empty, so anyone on the network"
        + " could connect as a bot; set onebot.access_token (SOCIAL_ONEBOT_ACCESS_TOKEN) or bind"
        + " http.host to 127.0.0.1");
  }

  static boolean isLoopback(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost") || IPV4_LOOPBACK.matcher(h).matches()) {
      return true;
    }
    if (h.indexOf(':') >= 0) {
      try {
        // A literal IPv6 address: parsed, never looked up.
        return InetAddress.getByName(h).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return false;
  }
}
