package dev.perocore.social.onebot.impl;

import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks the access token a OneBot implementation presents on the WebSocket upgrade: {@code
 * Authorization: Bearer <t>}, the {@code Token <t>} form some clients send, or {@code
 * ?access_token=<t>}. Compared in constant time (digests of equal length), so response timing
 * says nothing about the token.
 */
public final class AccessTokenCheck {

  private final byte[] expectedDigest;

  /** {@code token} empty = every connection is accepted. */
  public AccessTokenCheck(Optional<String> token) {
    this.expectedDigest = token.map(AccessTokenCheck::digest).orElse(null);
  }

  public boolean required() {
    return expectedDigest != null;
  }

  public boolean accepts(HttpServerRequest request) {
    if (expectedDigest == null) {
      return true;
    }
    Optional<String> presented = presented(request.getHeader("Authorization"),
        request.getParam("access_token"));
    return presented.isPresent()
        && MessageDigest.isEqual(expectedDigest, digest(presented.get()));
  }

  /** The token from an Authorization header value or the query parameter, header first. */
  static Optional<String> presented(String authorization, String queryToken) {
    if (authorization != null) {
      String value = authorization.trim();
      int space = value.indexOf(' ');
      if (space > 0) {
        String scheme = value.substring(0, space).toLowerCase(Locale.ROOT);
        if (scheme.equals("bearer") || scheme.equals("token")) {
          return Optional.of(value.substring(space + 1).trim());
        }
      }
    }
    return Optional.ofNullable(queryToken);
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
