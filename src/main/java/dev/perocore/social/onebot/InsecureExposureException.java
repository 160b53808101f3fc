package dev.perocore.social.onebot;

/**
 * The OneBot endpoints would be reachable from the network without an access token. Its message is
 * the one line start-up prints before refusing to start.
 */
public final class InsecureExposureException extends RuntimeException {

  public InsecureExposureException(String message) {
    super(message, null, false, false);
  }
}
