package dev.perocore.social.store;

/** Fast refusal: the write queue holds {@code store.queue_max} items. Callers count it. */
public final class StoreOverloadedException extends RuntimeException {

  public StoreOverloadedException(int queueMax) {
    super("store overloaded: " + queueMax + " writes already queued (store.queue_max)", null, false,
        false);
  }
}
