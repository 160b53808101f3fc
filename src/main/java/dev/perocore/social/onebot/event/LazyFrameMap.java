package dev.perocore.social.onebot.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The top-level map of a message event's {@code raw()} when {@link MessageFrameReader} decoded the frame:
 * the frame's fields are parsed from its bytes on first use, by the same code and into the same shape
 * as {@link FrameJson} (so raw() equals, encodes and copies exactly as before), and not at all when no
 * consumer reads raw() (the gateway's burst path under brain {@code none} never does).
 *
 * <p>Why a LinkedHashMap subclass and not any Map: {@code JsonObject.copy()} keeps the field order only
 * for a LinkedHashMap. Every public method fills the map first; the fill runs once, under this object's
 * lock (a few microseconds, consumers on several threads may race for it), and is published through a
 * volatile flag. The frame is valid JSON (the reader parsed all of it) in an array the frame owns and
 * nobody writes (the gateway copies any other), so the fill cannot fail. Overrides cover Java 17's
 * LinkedHashMap (the image's JRE): Java 21's SequencedMap methods (reversed, firstEntry, ...) would
 * need theirs before a move to 21.
 */
final class LazyFrameMap extends LinkedHashMap<String, Object> {

  private static final long serialVersionUID = 1L;

  private transient byte[] bytes;
  private final transient int offset;
  private final transient int length;
  private transient volatile boolean filled;
  /** How many times the fields were parsed: one at most (for tests, under this object's lock). */
  private transient int fills;

  LazyFrameMap(byte[] bytes, int offset, int length) {
    super(FrameJson.TOP_CAPACITY);
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
  }

  /** True once the fields were parsed (for tests: which consumers need the tree). */
  boolean filled() {
    return filled;
  }

  synchronized int fills() {
    return fills;
  }

  private void fill() {
    if (!filled) {
      fillOnce();
    }
  }

  private synchronized void fillOnce() {
    if (filled) {
      return;
    }
    fills++;
    try (JsonParser parser = FrameJson.FACTORY.createParser(bytes, offset, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalStateException("the frame is no longer a JSON object");
      }
      String key = parser.nextFieldName();
      while (key != null) {
        parser.nextToken();
        super.put(key, FrameJson.parseAny(parser, false));
        key = parser.nextFieldName();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("a frame the reader accepted failed to parse again", e);
    }
    bytes = null; // the tree holds everything now
    filled = true;
  }

  @Override public int size() { fill(); return super.size(); }
  @Override public boolean isEmpty() { fill(); return super.isEmpty(); }
  @Override public Object get(Object key) { fill(); return super.get(key); }
  @Override public Object getOrDefault(Object key, Object fallback) { fill(); return super.getOrDefault(key, fallback); }
  @Override public boolean containsKey(Object key) { fill(); return super.containsKey(key); }
  @Override public boolean containsValue(Object value) { fill(); return super.containsValue(value); }
  @Override public Object put(String key, Object value) { fill(); return super.put(key, value); }
  @Override public void putAll(Map<? extends String, ?> m) { fill(); super.putAll(m); }
  @Override public Object remove(Object key) { fill(); return super.remove(key); }
  @Override public boolean remove(Object key, Object value) { fill(); return super.remove(key, value); }
  @Override public void clear() { fill(); super.clear(); }
  @Override public Set<String> keySet() { fill(); return super.keySet(); }
  @Override public Collection<Object> values() { fill(); return super.values(); }
  @Override public Set<Map.Entry<String, Object>> entrySet() { fill(); return super.entrySet(); }
  @Override public void forEach(BiConsumer<? super String, ? super Object> action) { fill(); super.forEach(action); }

  @Override
  public void replaceAll(BiFunction<? super String, ? super Object, ?> function) {
    fill();
    super.replaceAll(function);
  }

  @Override public Object putIfAbsent(String key, Object value) { fill(); return super.putIfAbsent(key, value); }
  @Override public boolean replace(String key, Object old, Object value) { fill(); return super.replace(key, old, value); }
  @Override public Object replace(String key, Object value) { fill(); return super.replace(key, value); }

  @Override
  public Object computeIfAbsent(String key, Function<? super String, ?> function) {
    fill();
    return super.computeIfAbsent(key, function);
  }

  @Override
  public Object computeIfPresent(String key, BiFunction<? super String, ? super Object, ?> function) {
    fill();
    return super.computeIfPresent(key, function);
  }

  @Override
  public Object compute(String key, BiFunction<? super String, ? super Object, ?> function) {
    fill();
    return super.compute(key, function);
  }

  @Override
  public Object merge(String key, Object value, BiFunction<? super Object, ? super Object, ?> function) {
    fill();
    return super.merge(key, value, function);
  }

  @Override public boolean equals(Object o) { fill(); return super.equals(o); }
  @Override public int hashCode() { fill(); return super.hashCode(); }
  @Override public String toString() { fill(); return super.toString(); }

  /** A plain copy: the clone of a lazy map would share nothing useful. */
  @Override
  public Object clone() {
    fill();
    return new LinkedHashMap<>(this);
  }

  /** Serialised as the plain map it stands for (the frame's bytes are transient). */
  private Object writeReplace() {
    fill();
    return new LinkedHashMap<>(this);
  }
}
