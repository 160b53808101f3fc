package dev.perocore.social.guard;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * An event bus codec that hands the object itself to a consumer in the same JVM: no JSON, no
 * copy per consumer. Only for immutable types (records of immutable collections), and only for
 * local delivery: the wire side refuses, since a clustered bus needs a real wire codec.
 *
 * <p>One codec per type, named {@code local:<class name>}; register it as the type's default
 * codec ({@code eventBus.registerDefaultCodec(type, new LocalCodec<>(type))}) or by name.
 */
public final class LocalCodec<T> implements MessageCodec<T, T> {

  private final Class<T> type;

  public LocalCodec(Class<T> type) {
    this.type = type;
  }

  /** The name a codec for {@code type} is registered under. */
  public static String nameOf(Class<?> type) {
    return "local:" + type.getName();
  }

  public Class<T> type() {
    return type;
  }

  @Override
  public void encodeToWire(Buffer buffer, T value) {
    throw new UnsupportedOperationException(name() + " is local only; no clustered event bus");
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException(name() + " is local only; no clustered event bus");
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
