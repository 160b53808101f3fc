package dev.perocore.social.brain;

import dev.perocore.social.guard.WireCodec;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * The brain's messages in their JSON form ({@link WireCodec#envelope}: {@code {"v":1,"body":...}})
 * beside the records. A brain request that leaves this process ({@link BrainRoute#CLUSTER}) travels
 * as that JSON, because whoever serves {@code social.brain} may be a brain node or a TCP bridge
 * client that can only read JSON — the bridge cannot encode a record. The brain verticle reads
 * either form and answers in the form it was asked in.
 */
final class BrainJson {

  private BrainJson() {}

  /**
   * The body of {@code message} as a {@code type}: the record itself, or the record read from its
   * envelope. Null when it is neither; a malformed envelope fails with the reason.
   */
  static <T> T read(Message<?> message, Class<T> type) {
    Object body = message.body();
    if (type.isInstance(body)) {
      return type.cast(body);
    }
    return body instanceof JsonObject json ? WireCodec.open(json, type) : null;
  }

  /** {@code answer} in the form {@code asked} came in: JSON for a JSON question. */
  static Object answer(Message<?> asked, Object answer, Class<?> declared) {
    return asked.body() instanceof JsonObject ? WireCodec.envelope(answer, declared) : answer;
  }

  /** A request as it leaves the process. */
  static JsonObject outbound(Object request) {
    return WireCodec.envelope(request, request.getClass());
  }

  /** An answer as a {@code type}, whichever form it came back in. */
  static <T> T answer(Object body, Class<T> type) {
    return body instanceof JsonObject json ? WireCodec.open(json, type) : type.cast(body);
  }
}
