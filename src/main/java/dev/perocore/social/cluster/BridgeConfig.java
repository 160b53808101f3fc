package dev.perocore.social.cluster;

import java.util.Objects;
import java.util.Optional;

/**
 * The {@code bridge:} section: the TCP event bus bridge for non-JVM subscribers (issue 17).
 *
 * @param enabled whether the bridge listens ({@code bridge.enabled}, default false)
 * @param host where it listens ({@code bridge.host}, loopback by default)
 * @param port its port ({@code bridge.port})
 * @param token the secret every frame's {@code headers.token} must carry ({@code bridge.token})
 */
public record BridgeConfig(boolean enabled, String host, int port, Optional<String> token) {

  public BridgeConfig {
    Objects.requireNonNull(host, "host");
    token = token == null ? Optional.empty() : token;
  }

  @Override
  public String toString() {
    // The token never reaches a log line.
    return "BridgeConfig[enabled=" + enabled + ", host=" + host + ", port=" + port + "]";
  }
}
