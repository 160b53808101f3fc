package dev.perocore.social.brain;

import dev.perocore.social.guard.WireCodec;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Registers a {@link WireCodec} as the default codec of every type that crosses the brain's
 * addresses: by reference in one JVM, versioned JSON between cluster nodes (brain nodes).
 * Idempotent per Vert.x instance: the brain verticle and every client call it.
 */
final class BrainCodecs {

  /** Message bodies by their runtime class (a sealed interface needs each permitted record). */
  static final List<Class<?>> TYPES = List.of(
      BrainRequest.class, BrainDecision.Reply.class, BrainDecision.Pass.class,
      SummaryRequest.class, Summary.class, FriendRequestQuestion.class, RequestVerdict.class);

  private static final Map<EventBus, Boolean> REGISTERED = new WeakHashMap<>();

  private BrainCodecs() {}

  static void register(Vertx vertx) {
    EventBus bus = vertx.eventBus();
    // Runs once per verticle start or client creation, never per message.
    synchronized (REGISTERED) {
      if (REGISTERED.containsKey(bus)) {
        return;
      }
      for (Class<?> type : TYPES) {
        registerOne(bus, type);
      }
      REGISTERED.put(bus, Boolean.TRUE);
    }
  }

  private static <T> void registerOne(EventBus bus, Class<T> type) {
    try {
      bus.registerDefaultCodec(type, new WireCodec<>(type));
    } catch (IllegalStateException alreadyRegistered) {
      // Someone registered it on this bus already (e.g. a test): the codec is the same kind.
    }
  }
}
