package dev.perocore.social.app;

/**
 * A component of the service failed to start. Carries the component's name so that the start-up
 * diagnosis can tell which key is to blame (the service server's port is {@code http.port}, the
 * management server's {@code management.port}). Without a stack of its own: the cause has one.
 */
final class ComponentStartException extends RuntimeException {

  private final String component;

  ComponentStartException(String component, Throwable cause) {
    super(component + ": " + cause.getMessage(), cause, false, false);
    this.component = component;
  }

  String component() {
    return component;
  }
}
