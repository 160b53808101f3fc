package dev.perocore.social.guard;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records to JSON and back, by their components: what crosses a clustered event bus ({@link
 * WireCodec}). Generic on purpose: a component added to a message record travels without a
 * hand-written mapping to forget (WireCodecTest round-trips every registered type).
 *
 * <p>Supported: strings, booleans, numbers, enums (by name), {@code Optional}, {@code List},
 * {@code Set}, {@code Map} with string, number or enum keys, {@code JsonObject}/{@code
 * JsonArray}, records, and sealed interfaces of records (tagged {@code "type": <simple name>}).
 * Anything else fails when encoded, naming the type.
 */
public final class RecordJson {

  /** The tag naming a sealed interface's record. */
  public static final String TYPE = "type";

  private static final Map<Class<?>, Constructor<?>> CONSTRUCTORS = new ConcurrentHashMap<>();

  private RecordJson() {}

  /** {@code record} as a JSON object. */
  public static JsonObject encode(Record record) {
    return (JsonObject) toJson(record, record.getClass());
  }

  /** A {@code type} back from {@link #encode}'s output. */
  public static <T> T decode(JsonObject json, Class<T> type) {
    return type.cast(fromJson(json, type));
  }

  static Object toJson(Object value, Type declared) {
    if (value == null || value instanceof String || value instanceof Boolean
        || value instanceof Number) {
      return value;
    }
    if (value instanceof Enum<?> e) {
      return e.name();
    }
    if (value instanceof JsonObject o) {
      return o.copy();
    }
    if (value instanceof JsonArray a) {
      return a.copy();
    }
    if (value instanceof Optional<?> o) {
      return o.map(v -> toJson(v, argument(declared, 0))).orElse(null);
    }
    if (value instanceof Iterable<?> items) {
      JsonArray array = new JsonArray();
      items.forEach(item -> array.add(toJson(item, argument(declared, 0))));
      return array;
    }
    if (value instanceof Map<?, ?> map) {
      JsonObject object = new JsonObject(new LinkedHashMap<>());
      map.forEach((k, v) -> object.put(k instanceof Enum<?> e ? e.name() : String.valueOf(k),
          toJson(v, argument(declared, 1))));
      return object;
    }
    if (value instanceof Record record) {
      JsonObject object = new JsonObject(new LinkedHashMap<>());
      if (raw(declared) != record.getClass()) {
        object.put(TYPE, record.getClass().getSimpleName());
      }
      for (RecordComponent c : record.getClass().getRecordComponents()) {
        object.put(c.getName(), toJson(read(c, record), c.getGenericType()));
      }
      return object;
    }
    throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
  }

  static Object fromJson(Object json, Type type) {
    Class<?> raw = raw(type);
    if (json == null) {
      return raw == Optional.class ? Optional.empty() : defaultOf(raw);
    }
    if (raw == Optional.class) {
      return Optional.of(fromJson(json, argument(type, 0)));
    }
    if (raw == String.class || raw == Object.class) {
      return json;
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return json;
    }
    if (raw == long.class || raw == Long.class) {
      return ((Number) json).longValue();
    }
    if (raw == int.class || raw == Integer.class) {
      return ((Number) json).intValue();
    }
    if (raw == double.class || raw == Double.class) {
      return ((Number) json).doubleValue();
    }
    if (raw == float.class || raw == Float.class) {
      return ((Number) json).floatValue();
    }
    if (raw.isEnum()) {
      return enumOf(raw, (String) json);
    }
    if (raw == JsonObject.class || raw == JsonArray.class) {
      return json;
    }
    if (List.class.isAssignableFrom(raw) || Set.class.isAssignableFrom(raw)) {
      List<Object> items = new ArrayList<>();
      for (Object item : (JsonArray) json) {
        items.add(fromJson(item, argument(type, 0)));
      }
      return Set.class.isAssignableFrom(raw)
          ? java.util.Collections.unmodifiableSet(new LinkedHashSet<>(items))
          : java.util.Collections.unmodifiableList(items);
    }
    if (Map.class.isAssignableFrom(raw)) {
      Map<Object, Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : (JsonObject) json) {
        map.put(fromJson(key(e.getKey(), argument(type, 0)), argument(type, 0)),
            fromJson(e.getValue(), argument(type, 1)));
      }
      return java.util.Collections.unmodifiableMap(map);
    }
    JsonObject object = (JsonObject) json;
    Class<?> target = raw.isSealed() ? permitted(raw, object.getString(TYPE)) : raw;
    if (!target.isRecord()) {
      throw new IllegalArgumentException("no JSON form for " + target.getName());
    }
    RecordComponent[] components = target.getRecordComponents();
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      args[i] = fromJson(object.getValue(components[i].getName()),
          components[i].getGenericType());
    }
    return construct(target, components, args);
  }

  private static Object key(String text, Type keyType) {
    Class<?> raw = raw(keyType);
    if (raw == Long.class) {
      return Long.parseLong(text);
    }
    if (raw == Integer.class) {
      return Integer.parseInt(text);
    }
    return text;
  }

  private static Class<?> permitted(Class<?> sealed, String name) {
    return Arrays.stream(sealed.getPermittedSubclasses())
        .filter(c -> c.getSimpleName().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            sealed.getSimpleName() + " has no kind " + name));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object enumOf(Class<?> type, String name) {
    return Enum.valueOf((Class) type, name);
  }

  private static Object defaultOf(Class<?> raw) {
    if (!raw.isPrimitive()) {
      return null;
    }
    if (raw == boolean.class) {
      return false;
    }
    if (raw == long.class) {
      return 0L;
    }
    if (raw == double.class) {
      return 0.0;
    }
    if (raw == float.class) {
      return 0.0f;
    }
    return 0;
  }

  private static Object read(RecordComponent c, Record record) {
    try {
      return c.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalArgumentException("cannot read " + c, e);
    }
  }

  private static Object construct(Class<?> type, RecordComponent[] components, Object[] args) {
    Constructor<?> constructor = CONSTRUCTORS.computeIfAbsent(type, t -> {
      try {
        return t.getDeclaredConstructor(Arrays.stream(components)
            .map(RecordComponent::getType).toArray(Class<?>[]::new));
      } catch (NoSuchMethodException e) {
        throw new IllegalArgumentException("no canonical constructor of " + t.getName(), e);
      }
    });
    try {
      return constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(type.getSimpleName() + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("cannot build " + type.getName(), e);
    }
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    return Object.class;
  }

  private static Type argument(Type type, int index) {
    return type instanceof ParameterizedType p ? p.getActualTypeArguments()[index] : Object.class;
  }
}
