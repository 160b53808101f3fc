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

  @Override
  public void encodeToWire(Buffer buffer, T value) {
    Buffer json = new JsonObject().put("v", VERSION).put("body", RecordJson.toJson(value, type))
        .toBuffer();
    buffer.appendInt(json.length()).appendBuffer(json);
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    JsonObject envelope = new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length));
    int version = envelope.getInteger("v", 0);
    if (version != VERSION) {
      throw new IllegalStateException(name() + ": wire version " + version
          + " is not this node's " + VERSION + " (mixed releases in one cluster?)");
    }
    return type.cast(RecordJson.fromJson(envelope.getValue("body"), type));
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
