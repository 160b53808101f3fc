package dev.perocore.social.guard;

import io.vertx.core.impl.VertxThread;

/** The {@code thread_kind} label: which sort of Vert.x thread was blocked. */
public enum ThreadKind {
  EVENT_LOOP("event_loop"),
  WORKER("worker");

  private final String label;

  ThreadKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  static ThreadKind of(Thread thread) {
    // Internal class: public Context.isOnWorkerThread() answers only for the current thread, and
    // the blocked thread is another one.
    if (thread instanceof VertxThread vertxThread) {
      return vertxThread.isWorker() ? WORKER : EVENT_LOOP;
    }
    return thread.getName().contains("eventloop") ? EVENT_LOOP : WORKER;
  }
}
