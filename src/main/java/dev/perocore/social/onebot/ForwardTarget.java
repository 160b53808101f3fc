package dev.perocore.social.onebot;

import java.net.URI;
import java.util.Optional;

/**
 * A OneBot implementation's forward WebSocket server that the gateway connects to (NapCat's
 * "WebSocket server", go-cqhttp's {@code ws}), with its own access token if it needs one.
 */
public record ForwardTarget(URI url, Optional<String> token) {

  public ForwardTarget {
    String scheme = url.getScheme();
    if (scheme == null || !(scheme.equals("ws") || scheme.equals("wss"))) {
      throw new IllegalArgumentException("a ws:// or wss:// URL is expected");
    }
    if (url.getHost() == null) {
      throw new IllegalArgumentException("the URL has no host");
    }
  }

  /** The URL without its query, for logs: a token in the query must not be written out. */
  public String safeName() {
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
        + (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath());
  }
}
