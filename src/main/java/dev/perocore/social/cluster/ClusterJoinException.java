package dev.perocore.social.cluster;

/**
 * Start-up could not join the cluster. Its message is the one line an operator reads; no stack
 * trace, since the cause is outside the process (an address, a port, a DNS name).
 */
public final class ClusterJoinException extends RuntimeException {

  public ClusterJoinException(String message) {
    super(message, null, false, false);
  }
}
