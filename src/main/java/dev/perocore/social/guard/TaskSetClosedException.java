package dev.perocore.social.guard;

/** New work was offered to a TaskSet whose owner is shutting down. */
public final class TaskSetClosedException extends IllegalStateException {

  public TaskSetClosedException(String owner, String kind) {
    super(owner + " is draining: refused new task " + kind);
  }
}
