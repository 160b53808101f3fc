package dev.perocore.social.guard;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * An event bus codec that works on a clustered bus: in the same JVM the record itself is handed
 * over (no copy; records of immutable collections, or enums, only), between nodes it travels as versioned
 * JSON ({@code {"v":1,"body":{...}}}, the body by {@link RecordJson}). A node that receives
 * another version refuses the message with a reason instead of guessing.
 *
 * <p>Both nodes register the codec under the same name, {@code json:<class name>}, as the type's
 * default codec ({@code eventBus.registerDefaultCodec(type, new WireCodec<>(type))}).
 */
public final class WireCodec<T> implements MessageCodec<T, T> {

  /** The wire format this node writes and reads. */
  public static final int VERSION = 1;

  private final Class<T> type;

  public WireCodec(Class<T> type) {
    this.type = type;
  }

  /** The name a codec for {@code type} is registered under. */
  public static String nameOf(Class<?> type) {
    return "json:" + type.getName();
  }

  /**
   * {@code value} in its versioned JSON form, {@code {"v":1,"body":...}}: what travels between
   * nodes, and what a JSON peer (a TCP bridge client) reads and writes as the body of a message.
   * {@code declared} is the type the reader expects (a sealed interface tags the record's kind).
   */
  public static JsonObject envelope(Object value, Class<?> declared) {
    return new JsonObject().put("v", VERSION).put("body", RecordJson.toJson(value, declared));
  }

  /**
   * A {@code type} back from its {@link #envelope}. Another version is an {@link
   * IllegalStateException}; a body that is not a {@code type} an {@link
   * IllegalArgumentException} saying why (a JSON peer's mistake, refused, never guessed).
   */
  public static <T> T open(JsonObject envelope, Class<T> type) {
    int version = envelope.getValue("v") instanceof Number n ? n.intValue() : 0;
    if (version != VERSION) {
      throw new IllegalStateException(nameOf(type) + ": wire version " + version
          + " is not this node's " + VERSION + " (mixed releases in one cluster?)");
    }
    try {
      return type.cast(RecordJson.fromJson(envelope.getValue("body"), type));
    } catch (RuntimeException malformed) {
      throw new IllegalArgumentException("not a " + type.getSimpleName() + ": "
          + malformed.getMessage(), malformed);
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, T value) {
    Buffer json = envelope(value, type).toBuffer();
    buffer.appendInt(json.length()).appendBuffer(json);
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return open(new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length)), type);
  }

  @Override
  public T transform(T value) {
    return value;
  }

  @Override
  public String name() {
    return nameOf(type);
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
