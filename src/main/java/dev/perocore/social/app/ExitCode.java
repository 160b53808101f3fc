package dev.perocore.social.app;

/**
 * The process exit statuses, one per class of failure an operator fixes differently (the README's
 * table lists them). Scripts and Kubernetes see only the number, so the numbers never change.
 */
public enum ExitCode {
  /** Stopped cleanly (SIGTERM, Ctrl-C, {@code demo --for}), also when asked during start-up. */
  OK(0),
  /** Anything not classified below: a bug; {@code log.level: DEBUG} prints its stack trace. */
  UNEXPECTED(1),
  /** A bad command line, configuration value or unknown {@code SOCIAL_*} variable. */
  CONFIG(2),
  /** A port cannot be bound: in use by another process, or the host is not this machine's. */
  PORT(3),
  /** The database (store.path) cannot be created or written. */
  DATABASE_UNWRITABLE(4),
  /** The database file is corrupt or not a database. */
  DATABASE_CORRUPT(5),
  /** The database was written by a newer build (a higher schema version). */
  DATABASE_NEWER(6),
  /** The brain (brain.kind, brain.llm.*) could not start. */
  BRAIN(7),
  /** Vert.x or its cluster could not start (cluster.* settings). */
  CLUSTER(8);

  private final int status;

  ExitCode(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }
}
