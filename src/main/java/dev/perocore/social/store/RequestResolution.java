package dev.perocore.social.store;

/** How a request ended. */
public enum RequestResolution {
  APPROVED,
  REJECTED,
  /** Left for the owner to decide. */
  HELD,
  IGNORED,
  /** We tried to answer and the action failed. */
  FAILED;

  public String column() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
