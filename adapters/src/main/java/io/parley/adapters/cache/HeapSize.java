package io.parley.adapters.cache;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An estimate of the heap an object graph takes, for caches bounded in bytes: every object
 * reachable from the root counted once, laid out as a 64-bit HotSpot with compressed references
 * lays it out (12-byte headers, 4-byte references, 8-byte alignment; {@code -Xmx} under 32 GB).
 * Common JDK values (strings, boxes, UUIDs, times, decimals, collections, maps, optionals) are
 * sized from what they hold; other classes (records and classes on the class path: the domain's,
 * JSON trees) field by field. Enums and classes are shared, not counted. It is an estimate within a
 * few percent for the values cached here, not a measurement: the bound it enforces is approximate.
 */
public final class HeapSize {
  static final int HEADER = 12;
  static final int ARRAY_HEADER = 16;
  static final int REFERENCE = 4;

  /** A graph larger than this many objects is not walked further (counted as far as walked). */
  private static final int MAX_OBJECTS = 200_000;

  private static final ClassValue<Layout> LAYOUTS =
      new ClassValue<>() {
        @Override
        protected Layout computeValue(Class<?> type) {
          return Layout.of(type);
        }
      };

  private HeapSize() {}

  /** Estimated bytes of {@code root} and everything reachable from it. */
  public static long of(Object root) {
    if (root == null) {
      return 0;
    }
    IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
    Deque<Object> pending = new ArrayDeque<>();
    pending.push(root);
    long bytes = 0;
    while (!pending.isEmpty() && seen.size() < MAX_OBJECTS) {
      Object o = pending.pop();
      if (seen.put(o, Boolean.TRUE) == null) {
        bytes += shallowAndChildren(o, pending);
      }
    }
    return bytes;
  }

  /**
   * {@link #of} as a Caffeine weight: key and value, plus the cache's own node (about 64 bytes with
   * its access and write times and the map's entry), saturated at {@code Integer.MAX_VALUE}.
   */
  public static int weigh(Object key, Object value) {
    return (int) Math.min(Integer.MAX_VALUE, 64 + of(key) + of(value));
  }

  static long align(long bytes) {
    return (bytes + 7) & ~7L;
  }

  /** A string's own bytes: the object and its array, Latin-1 or UTF-16. */
  static long string(String s) {
    boolean latin1 = true;
    for (int i = 0; i < s.length() && latin1; i++) {
      latin1 = s.charAt(i) < 256;
    }
    return 24 + align(ARRAY_HEADER + (long) s.length() * (latin1 ? 1 : 2));
  }

  private static long shallowAndChildren(Object o, Deque<Object> pending) {
    Class<?> type = o.getClass();
    if (o instanceof String s) {
      return string(s);
    }
    if (type.isEnum() || o instanceof Enum<?> || o instanceof Class<?>) {
      return 0;
    }
    if (o instanceof Integer
        || o instanceof Long
        || o instanceof Double
        || o instanceof Float
        || o instanceof Short
        || o instanceof Byte
        || o instanceof Character
        || o instanceof Boolean) {
      return 16;
    }
    if (o instanceof UUID || o instanceof Instant || o instanceof LocalDate) {
      return o instanceof UUID ? 32 : 24;
    }
    if (o instanceof LocalDateTime || o instanceof OffsetDateTime) {
      return 24 + 24 + 24; // the date and time objects it holds (an offset is shared)
    }
    if (o instanceof BigInteger b) {
      return 40 + align(ARRAY_HEADER + 4L * ((b.bitLength() + 31) / 32));
    }
    if (o instanceof BigDecimal d) {
      return 40 + (d.unscaledValue().bitLength() < 63 ? 0 : of(d.unscaledValue()));
    }
    if (o instanceof Optional<?> optional) {
      optional.ifPresent(pending::push);
      return 16;
    }
    if (type.isArray()) {
      return array(o, type, pending);
    }
    Layout layout = LAYOUTS.get(type);
    if (layout.opaque()) {
      if (o instanceof Map<?, ?> map) {
        map.forEach(
            (k, v) -> {
              pushNonNull(pending, k);
              pushNonNull(pending, v);
            });
        // a HashMap: the object, its table (capacity about 4/3 of the size) and a node per entry
        return 48 + align(ARRAY_HEADER + REFERENCE * (map.size() * 4L / 3 + 1)) + 32L * map.size();
      }
      if (o instanceof Collection<?> collection) {
        collection.forEach(e -> pushNonNull(pending, e));
        // a list's object and array, or a set's map and nodes
        return o instanceof Set<?>
            ? 16
                + 48
                + align(ARRAY_HEADER + REFERENCE * (collection.size() * 4L / 3 + 1))
                + 32L * collection.size()
            : 24 + align(ARRAY_HEADER + (long) REFERENCE * collection.size());
      }
      return layout.shallow();
    }
    for (Field field : layout.references()) {
      try {
        pushNonNull(pending, field.get(o));
      } catch (IllegalAccessException e) {
        // made accessible when the layout was built; left out if not
      }
    }
    return layout.shallow();
  }

  private static long array(Object array, Class<?> type, Deque<Object> pending) {
    int length = Array.getLength(array);
    Class<?> component = type.getComponentType();
    if (!component.isPrimitive()) {
      for (Object element : (Object[]) array) {
        pushNonNull(pending, element);
      }
      return align(ARRAY_HEADER + (long) REFERENCE * length);
    }
    return align(ARRAY_HEADER + (long) primitiveSize(component) * length);
  }

  private static void pushNonNull(Deque<Object> pending, Object o) {
    if (o != null) {
      pending.push(o);
    }
  }

  private static int primitiveSize(Class<?> type) {
    if (type == long.class || type == double.class) {
      return 8;
    }
    if (type == int.class || type == float.class) {
      return 4;
    }
    if (type == short.class || type == char.class) {
      return 2;
    }
    return 1;
  }

  /**
   * A class's instance size and reference fields. Opaque: a JDK class whose fields cannot be read
   * (collections and maps are then sized from their contents, anything else by its fields' sizes).
   */
  private record Layout(long shallow, List<Field> references, boolean opaque) {
    static Layout of(Class<?> type) {
      long bytes = HEADER;
      List<Field> references = new ArrayList<>();
      boolean opaque = false;
      for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
        for (Field field : c.getDeclaredFields()) {
          if (Modifier.isStatic(field.getModifiers())) {
            continue;
          }
          Class<?> fieldType = field.getType();
          bytes += fieldType.isPrimitive() ? primitiveSize(fieldType) : REFERENCE;
          if (!fieldType.isPrimitive()) {
            try {
              field.setAccessible(true);
              references.add(field);
            } catch (RuntimeException inaccessible) {
              opaque = true; // java.* internals: InaccessibleObjectException
            }
          }
        }
      }
      if (Map.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type)) {
        opaque = opaque || type.getName().startsWith("java.");
      }
      return new Layout(
          align(bytes), opaque ? List.of() : Collections.unmodifiableList(references), opaque);
    }
  }
}
