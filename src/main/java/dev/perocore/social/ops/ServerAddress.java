package dev.perocore.social.ops;

/** Where an HTTP server listens; port 0 picks a free port (tests). */
public record ServerAddress(String host, int port) {

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
